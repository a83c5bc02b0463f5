export function App() {
  return <h1>Keel</h1>;
}
