// The few things .NET in the browser cannot do by itself. Loaded as a module from this origin (the CSP allows nothing else).

// The CSRF cookie is readable on purpose: the page echoes it in X-CSRF-Token; the session cookie stays HttpOnly.
export function csrfToken() {
    const prefix = "sikkerkey_csrf=";
    const cookie = document.cookie.split("; ").find(c => c.startsWith(prefix));
    return cookie ? decodeURIComponent(cookie.substring(prefix.length)) : null;
}

// A real file download of bytes already fetched (so a refusal can be shown instead of saved as a file).
export function saveFile(fileName, contentType, bytes) {
    const url = URL.createObjectURL(new Blob([bytes], { type: contentType }));
    const link = document.createElement("a");
    link.href = url;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
}

export async function copyText(text) {
    await navigator.clipboard.writeText(text);
}
