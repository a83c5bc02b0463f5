// Shown in a browser tab that reached the web door without its secret (the address was typed, bookmarked, or the
// tab is new): the app shell is public, the data is not.
export function DoorLocked() {
  return (
    <div className="recovery" data-testid="door-locked">
      <main id="main" className="recovery-main">
        <h1>Open the address Keel printed</h1>
        <p className="page-lede">
          This tab has no key to Keel&rsquo;s data. Open the URL that <code>keel serve</code> printed when it started (it ends in{' '}
          <code>?secret=…</code> and changes at every launch).
        </p>
      </main>
    </div>
  );
}
