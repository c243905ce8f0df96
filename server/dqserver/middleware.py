"""Keep the kiosk API lean: an idle poll answered 304 carries nothing but its ETag; a method the
API does not take is a 405 in words, with the ``Allow`` header (RFC 9110); a query parameter
given twice, or more than Django parses, is a 400 in words."""

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.http import HttpRequest, JsonResponse

KEEP_ON_304 = {"etag"}  # docs/protocol.md: a 304 carries only the ETag


def bad_query(request: HttpRequest) -> JsonResponse | None:
    """A 400 for a query string the API cannot read as one value per name, else None. (The
    views would take one of the repeated values, and Django answers too many with HTML.)"""
    try:
        repeated = [name for name, values in request.GET.lists() if len(values) > 1]
    except TooManyFieldsSent:
        detail = (f"Die Anfrage hat zu viele Parameter (höchstens "
                  f"{settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}).")
    else:
        if not repeated:
            return None
        detail = f"Der Parameter „{repeated[0][:40]}“ ist mehrfach angegeben."
    return JsonResponse({"detail": detail}, status=400, json_dumps_params={"ensure_ascii": False})


class ApiGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        is_api = request.path.startswith("/api/")
        refused = bad_query(request) if is_api else None
        if refused is not None:
            return refused
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
