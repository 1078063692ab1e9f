/** Addresses of this machine only: 127.0.0.0/8, ::1 (bracketed in URLs), localhost. */
const LOOPBACK = /^(127(\.\d{1,3}){3}|::1|\[::1\]|localhost)$/i;

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.test(host);
}
