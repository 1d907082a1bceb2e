// Loaded in <head>, before the page is drawn: marks that scripts run, so the stylesheet puts
// the main menu behind the "Menu" button on narrow screens only when that button can work.
// Without JavaScript the menu's links stay on the page (see static/css/site.css).
document.documentElement.classList.add("has-js");
