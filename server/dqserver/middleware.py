"""Keep the kiosk API lean: an idle poll answered 304 carries nothing but its ETag; a method the
API does not take is a 405 in words, with the ``Allow`` header (RFC 9110)."""

from django.http import JsonResponse

KEEP_ON_304 = {"etag"}  # docs/protocol.md: a 304 carries only the ETag


class ApiGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        is_api = request.path.startswith("/api/")
        response = self.get_response(request)
        if is_api and response.status_code == 405:
            allow = response.get("Allow", "")
            response = JsonResponse({"detail": "Diese Methode wird nicht unterstützt."},
                                    status=405)
            response["Allow"] = allow
        if is_api and response.status_code == 304:
            for name in [h for h in response.headers if h.lower() not in KEEP_ON_304]:
                del response.headers[name]
        return response
