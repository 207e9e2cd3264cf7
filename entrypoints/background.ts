export default defineBackground(() => {
  // Listeners are registered synchronously here; the tracker arrives with the runtime issue.
});
