from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpResponse

from .models import Asset


@staff_member_required
def asset_preview(request, sha256: str):
    asset = Asset.objects.filter(sha256=sha256).first()
    if asset is None:
        raise Http404("Unbekanntes Bild.")
    response = HttpResponse(bytes(asset.data), content_type=asset.media_type)
    response["Cache-Control"] = "private, max-age=86400"
    return response
