// ElMessage is called from scripts, where the on-demand import of components does not reach: its styles here.
import 'element-plus/es/components/message/style/css';
import { createApp } from 'vue';
import App from './App.vue';
import { i18n } from './i18n';
import { preloadPage, router } from './router';
import { restoreSession } from './session';

// The page's own chunk downloads while the session is restored, instead of after the app mounts.
preloadPage(router.options.history.location);

await restoreSession().catch((error: unknown) => console.warn('sign-in could not be restored', error));
createApp(App).use(i18n).use(router).mount('#app');
