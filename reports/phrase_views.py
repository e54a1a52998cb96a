"""The phrases page (mẫu câu): the province's wording of every generated sentence, with a live
preview on real data (htmx; no inline script, the portal's CSP is script-src 'self')."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from core import reporting
from reports import selectors, services


def _phrase_or_404(request, key):
    if not selectors.can_use_phrases(request.user):
        raise PermissionDenied("Trang mẫu câu dành cho chuyên viên các phòng của Sở và quản trị viên.")
    try:
        declared = reporting.get_phrase(key)
    except KeyError:
        raise Http404("Không có mẫu câu này.") from None
    if not selectors.can_edit_phrase(request.user, key):
        raise Http404("Không có mẫu câu này.")
    return declared


@login_required
def phrase_list(request):
    if not selectors.can_use_phrases(request.user):
        raise PermissionDenied("Trang mẫu câu dành cho chuyên viên các phòng của Sở và quản trị viên.")
    return render(request, "reports/phrase_list.html", {"rows": selectors.phrase_rows(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def phrase_edit(request, key):
    declared = _phrase_or_404(request, key)
    current = selectors.province_wording().get(key, declared.default)
    text, error = current, ""
    if request.method == "POST":
        text = request.POST.get("text", "")
        try:
            if "reset" in request.POST:
                services.reset_phrase(request.user, key)
                messages.success(request, "Đã dùng lại mẫu câu mặc định.")
            else:
                services.save_phrase(request.user, key, text)
                messages.success(request, "Đã lưu mẫu câu; báo cáo tạo sau đây sẽ dùng mẫu này.")
            return redirect("reports:phrase_edit", key=key)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    return render(request, "reports/phrase_edit.html", {
        "phrase": declared, "text": text, "error": error, "kinds": reporting.phrases_kinds(),
        "preview": _preview(key, text),
    }, status=400 if error else 200)


@login_required
@require_POST
def phrase_preview(request, key):
    _phrase_or_404(request, key)
    return render(request, "reports/_phrase_preview.html", {"preview": _preview(key, request.POST.get("text", ""))})


def _preview(key, text):
    try:
        texts, report = selectors.preview_phrase(key, text)
    except (reporting.PhraseError, ValidationError) as exc:
        return {"error": " ".join(getattr(exc, "messages", [str(exc)]))}
    return {"texts": texts, "report": report}
