// DynamoDB Local as its own main starts it, but listening on 127.0.0.1 only: the jar (1.25) has no
// host option, and its Jetty server would listen on every interface, open to the network.
// Java runs this file from source (java -cp DynamoDBLocal.jar dynamodb-local-loopback.java <its options>).
import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

class DynamoDbLocalOnLoopback {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer dynamodb = ServerRunner.createServerFromCommandLineArgs(args);
    // Its Jetty server is private and not yet started: set its one connector's host before start().
    var jettyField = DynamoDBProxyServer.class.getDeclaredField("server");
    jettyField.setAccessible(true);
    ((ServerConnector) ((Server) jettyField.get(dynamodb)).getConnectors()[0]).setHost("127.0.0.1");
    dynamodb.start();
  }
}
