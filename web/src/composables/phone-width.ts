// Whether the window is phone-wide (≤ 600 px), kept up to date while the component is mounted:
// tables fold their minor columns into the others there.
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

export function usePhoneWidth(): Ref<boolean> {
  const narrow = ref(false);
  const phone = window.matchMedia('(max-width: 600px)');
  const onWidth = () => {
    narrow.value = phone.matches;
  };
  onMounted(() => {
    onWidth();
    phone.addEventListener('change', onWidth);
  });
  onBeforeUnmount(() => phone.removeEventListener('change', onWidth));
  return narrow;
}
