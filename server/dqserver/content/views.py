from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.urls import reverse

from .models import Asset


def asset_preview(request, sha256: str):
    """A picture for the admin's previews: for whoever may use the admin (password and code)."""
    if not admin.site.has_permission(request):
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    asset = Asset.objects.filter(sha256=sha256).first()
    if asset is None:
        raise Http404("Unbekanntes Bild.")
    response = HttpResponse(bytes(asset.data), content_type=asset.media_type)
    response["Cache-Control"] = "private, max-age=86400"
    return response
