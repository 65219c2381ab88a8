/**
 * Text a user or a file controls, made safe inside HTML (element content and
 * quoted attribute values): the five characters that can end a text or an
 * attribute become character references.
 *
 * @example
 * escapeHtml('<img src=x onerror=alert(1)>') // '&#60;img src=x onerror=alert(1)&#62;'
 */
export const escapeHtml = (v: unknown): string => String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
