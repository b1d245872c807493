export const label: string = 'one';
console.log(`label module ran: ${label}`);

// Accepts its own updates: an edit replaces this module in place without re-running the entry.
if (import.meta.hot) import.meta.hot.accept();
