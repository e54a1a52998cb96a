"""Forms of the religion registers (web entry), on the register pattern of `core.registers`:
Vietnamese dates and numbers, unit choices limited to the user's scope, text normalised."""

from django.core.exceptions import NON_FIELD_ERRORS

from core.registers.forms import RegisterForm, register_formfield
from religion.models import Dossier, Facility, Followers, Incident, Organization, RegisteredGroup, Support


class DossierForm(RegisterForm):
    class Meta:
        model = Dossier
        fields = ["type", "religion", "organization", "applicant", "subject", "unit", "quantity", "received_on",
                  "deadline", "resolved_on", "result", "note"]
        formfield_callback = register_formfield


class OrganizationForm(RegisterForm):
    class Meta:
        model = Organization
        fields = ["religion", "kind", "name", "short_name", "parent", "unit", "recognized_on", "dissolved_on"]
        formfield_callback = register_formfield
        error_messages = {NON_FIELD_ERRORS: {
            "unique_together": "Địa bàn này đã có tổ chức cùng tên của tôn giáo đã chọn."}}


class FacilityForm(RegisterForm):
    class Meta:
        model = Facility
        fields = ["name", "kind", "religion", "organization", "unit", "address", "closed_on"]
        formfield_callback = register_formfield
        error_messages = {NON_FIELD_ERRORS: {"unique_together": "Xã, phường này đã có cơ sở thờ tự cùng tên."}}


class RegisteredGroupForm(RegisterForm):
    class Meta:
        model = RegisteredGroup
        fields = ["name", "religion", "organization", "unit", "registered_on", "members"]
        formfield_callback = register_formfield


class FollowersForm(RegisterForm):
    class Meta:
        model = Followers
        fields = ["organization", "year", "dignitaries", "officials", "clergy", "believers"]
        formfield_callback = register_formfield
        error_messages = {NON_FIELD_ERRORS: {
            "unique_together": "Tổ chức này đã có số liệu của năm đã chọn; hãy sửa dòng đã có thay vì thêm mới."}}


class SupportForm(RegisterForm):
    class Meta:
        model = Support
        fields = ["kind", "occasion", "religion", "organization", "unit", "given_on", "quantity", "amount", "note"]
        formfield_callback = register_formfield


class IncidentForm(RegisterForm):
    class Meta:
        model = Incident
        fields = ["occurred_on", "unit", "religion", "description", "is_complex", "handling", "resolved_on"]
        formfield_callback = register_formfield
