#!/usr/bin/env python3
"""Serves www/ on 127.0.0.1 with the security headers the page expects.

Usage: scripts/serve.py [PORT]   (default: $PORT or 8080)
SERVE_ROOT=DIR serves DIR instead (the embed tests' host pages).
SALES_KPI_FRAME_ANCESTORS="https://crm.example.com" lets that site frame the pages (embed.html);
the default is 'self'. SERVE_FRAME_SRC="<origin>" lets a served host page frame that origin.
"""
import functools
import http.server
import os
import sys

ROOT = os.environ.get("SERVE_ROOT") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "www")
CSP = ("default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; connect-src 'self'; "
       "img-src 'self' data: blob:; style-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; "
       "form-action 'none'; frame-ancestors " + (os.environ.get("SALES_KPI_FRAME_ANCESTORS") or "'self'")
       + (f"; frame-src {os.environ['SERVE_FRAME_SRC']}" if os.environ.get("SERVE_FRAME_SRC") else ""))


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".js": "text/javascript", ".mjs": "text/javascript"}

    def end_headers(self):
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, fmt, *args):
        if os.environ.get("SERVE_QUIET") != "1":
            super().log_message(fmt, *args)


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("PORT", "8080"))
    handler = functools.partial(Handler, directory=ROOT)
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"serving the dashboards at http://127.0.0.1:{port}/", flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main()
