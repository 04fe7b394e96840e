import { createRouter, createWebHistory } from 'vue-router';
import { canWriteAny, isBureau, session } from './session';

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  // Back and forward return to where the page was scrolled; a new page starts at the top.
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  routes: [
    { path: '/', name: 'dashboard', component: () => import('./pages/DashboardPage.vue') },
    { path: '/sign-in', name: 'sign-in', component: () => import('./pages/SignInPage.vue'), meta: { public: true } },
    { path: '/projects', name: 'projects', component: () => import('./pages/ProjectsPage.vue') },
    { path: '/projects/new', name: 'sign', component: () => import('./pages/SignProjectPage.vue'), meta: { writer: true } },
    { path: '/projects/:id', name: 'project', component: () => import('./pages/ProjectPage.vue'), props: true },
    { path: '/problems', name: 'problems', component: () => import('./pages/ProblemsPage.vue') },
    { path: '/import', name: 'import', component: () => import('./pages/ImportPage.vue'), meta: { writer: true } },
    {
      path: '/digests/:kind(weekly|monthly)?/:period?',
      name: 'digests',
      component: () => import('./pages/DigestsPage.vue'),
      props: true,
    },
    // Another kind of digest does not exist: its address leads to the digests, not to a weekly one in disguise.
    { path: '/digests/:rest(.*)', redirect: { name: 'digests' } },
    { path: '/targets', name: 'targets', component: () => import('./pages/TargetsPage.vue'), meta: { bureau: true } },
    { path: '/:rest(.*)', redirect: '/' },
  ],
});

router.beforeEach((to) => {
  if (!to.meta.public && !session.value) return { name: 'sign-in', query: { next: to.fullPath } };
  // Pages for those who may change something: a viewer who types their address lands on the dashboard.
  if (to.meta.bureau && !isBureau.value) return { name: 'dashboard' };
  if (to.meta.writer && !canWriteAny.value) return { name: 'dashboard' };
  return true;
});

/** Starts loading the page chunk of `path`, so that the router finds it loaded when it gets there. */
export function preloadPage(path: string): void {
  for (const record of router.resolve(path).matched) {
    const component = record.components?.default;
    if (typeof component === 'function') void (component as () => Promise<unknown>)().catch(() => undefined);
  }
}
