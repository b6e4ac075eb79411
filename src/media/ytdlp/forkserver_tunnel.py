"""Plain-HTTP requests of yt-dlp's own HTTP stack (requests + urllib3) go through the egress
proxy as CONNECT tunnels, as HTTPS ones always have. Imported by forkserver.py, never by the CLI.

Forwarded through the proxy (`GET http://host/path`), every request costs the proxy a full HTTP
parse and re-send both ways, on top of the extra socket hop: a 5,000-comment extraction makes
~700 requests, and measured side by side on a busy 2-CPU box one request took 1.7-2.3 ms
tunneled or direct, 7.2-7.3 ms forwarded (the proxy used ~2 ms of CPU per forwarded request). A
tunnel is checked once when it is opened, then is a byte pipe that urllib3 keeps alive for the
next requests to the same host:port, to the same checked address.

What stays as it was: the check (the proxy's CONNECT path resolves and checks the host and
port exactly as for a forwarded request, and every new host, a redirect's included, opens a new
tunnel); ffmpeg, which reads http_proxy itself and is still forwarded (the proxy adds a job's
cookies to its requests); yt-dlp's own cookies, which it sends itself (--cookies); HTTPS. What
must not travel: the proxy's credential. requests adds it as a Proxy-Authorization header to
proxied plain-HTTP requests (for forwarding; the proxy strips it); inside a tunnel it would reach
the site, so it is removed from the request, and sent only on the CONNECT.

Only runs routed through the egress proxy tunnel (the runner sets TUNNEL_FLAG in their
environment): an operator's own proxy (VC_EGRESS_PROXY=false) may allow CONNECT to 443 only.
All or nothing: should urllib3 or requests change what is patched here, nothing is patched and
requests are forwarded as before.
"""

import os

TUNNEL_FLAG = 'VC_EGRESS_TUNNEL_HTTP'


def tunneling(proxy_scheme):
    return proxy_scheme == 'http' and os.environ.get(TUNNEL_FLAG) == '1'


def tunnel_plain_http():
    try:
        import requests.adapters as adapters
        import urllib3.connectionpool as pools
        import urllib3.poolmanager as managers
        import urllib3.util.proxy as proxy_util
        from requests.utils import select_proxy
    except ImportError:
        return False
    needed = [
        (proxy_util, 'connection_requires_http_tunnel'), (pools, 'connection_requires_http_tunnel'),
        (managers, 'connection_requires_http_tunnel'), (managers.ProxyManager, 'connection_from_host'),
        (pools.HTTPConnectionPool, '_new_conn'), (pools.HTTPConnectionPool, '_prepare_proxy'),
        (adapters.HTTPAdapter, 'request_url'),
    ]
    if not all(hasattr(owner, name) for owner, name in needed):
        return False

    original_required = proxy_util.connection_requires_http_tunnel

    def requires_tunnel(proxy_url=None, proxy_config=None, destination_scheme=None):
        if proxy_url is not None and destination_scheme == 'http' and tunneling(proxy_url.scheme):
            return True
        return original_required(proxy_url, proxy_config, destination_scheme)

    for module in (proxy_util, pools, managers):
        module.connection_requires_http_tunnel = requires_tunnel

    original_from_host = managers.ProxyManager.connection_from_host

    def connection_from_host(self, host, port=None, scheme='http', pool_kwargs=None):
        # Plain HTTP used one pool for the proxy itself; now one per destination, as HTTPS does.
        if scheme == 'http' and self.proxy is not None and tunneling(self.proxy.scheme):
            return managers.PoolManager.connection_from_host(self, host, port, scheme, pool_kwargs=pool_kwargs)
        return original_from_host(self, host, port, scheme, pool_kwargs)

    managers.ProxyManager.connection_from_host = connection_from_host

    original_new_conn = pools.HTTPConnectionPool._new_conn
    original_prepare = pools.HTTPConnectionPool._prepare_proxy

    def new_conn(self):
        if type(self) is not pools.HTTPConnectionPool or self.proxy is None or not tunneling(self.proxy.scheme):
            return original_new_conn(self)
        self.num_connections += 1
        # To the proxy; _prepare_proxy then opens the tunnel to self.host:self.port.
        return self.ConnectionCls(host=self.proxy.host, port=self.proxy.port, timeout=self.timeout.connect_timeout, **self.conn_kw)

    def prepare_proxy(self, conn):
        if type(self) is not pools.HTTPConnectionPool or self.proxy is None or not tunneling(self.proxy.scheme):
            return original_prepare(self, conn)
        conn.set_tunnel(scheme='http', host=self._tunnel_host, port=self.port, headers=self.proxy_headers)
        conn.connect()

    pools.HTTPConnectionPool._new_conn = new_conn
    pools.HTTPConnectionPool._prepare_proxy = prepare_proxy

    original_request_url = adapters.HTTPAdapter.request_url

    def request_url(self, request, proxies):
        proxy = select_proxy(request.url, proxies)
        if proxy and tunneling(proxy.split(':', 1)[0].lower()) and request.url.lower().startswith('http://'):
            # Tunneled: origin-form, and the proxy's credential stays out of what the site sees.
            request.headers.pop('Proxy-Authorization', None)
            return request.path_url
        return original_request_url(self, request, proxies)

    adapters.HTTPAdapter.request_url = request_url
    return True
