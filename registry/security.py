"""Response hardening for every door: security headers, the Host allow-list, proxy hops."""

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

# No inline script or style anywhere: every script and stylesheet is a file we serve.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains"


def init_app(app: Flask) -> None:
    """Add the security headers to every response and trust exactly the configured proxies."""
    hops = int(app.config["REGISTRY_PROXY_HOPS"])
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.after_request(add_security_headers)


def add_security_headers(response):
    """Set the hardening headers a response lacks (HSTS only over https, where browsers
    honour it)."""
    added = dict(HEADERS)
    # Pages and API answers may show what only a signed-in caller may see: no cache keeps
    # them. Static files (no user data) keep their own caching headers.
    if not (request.endpoint or "").endswith("static"):
        added["Cache-Control"] = "no-store"
    if request.is_secure:
        added["Strict-Transport-Security"] = HSTS
    # One pass over the headers set already, rather than a lookup per header.
    present = {name.lower() for name, _ in response.headers}
    response.headers.extend(
        [(name, value) for name, value in added.items() if name.lower() not in present]
    )
    return response
