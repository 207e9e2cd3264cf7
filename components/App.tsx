export function App() {
  return <main>Liquidation Guard</main>;
}
