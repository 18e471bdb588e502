from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agencies.models import Agency, Collective


class AgencyBriefSerializer(serializers.ModelSerializer):
    """An agency as other resources refer to it."""

    class Meta:
        model = Agency
        fields = ["id", "code", "name", "short_name", "kind"]


class SuccessionSerializer(serializers.Serializer):
    effective_from = serializers.DateField()
    scope = serializers.CharField()
    legal_basis = serializers.CharField()
    agencies = serializers.ListField(child=serializers.CharField(), help_text="Mã các cơ quan.")


class AgencySerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    province = serializers.SerializerMethodField(help_text="Tỉnh, thành phố (UBND) mà cơ quan thuộc về, nếu có.")
    province_name = serializers.CharField(read_only=True)
    successors = serializers.SerializerMethodField(
        help_text="Cơ quan kế thừa: mỗi lần kế thừa với ngày, phạm vi, căn cứ pháp lý và mã các cơ quan kế thừa."
    )

    class Meta:
        model = Agency
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "kind",
            "kind_display",
            "parent",
            "province",
            "province_name",
            "province_kind",
            "aliases",
            "valid_from",
            "valid_to",
            "successors",
            "distribution_no",
            "contact_email",
        ]

    @extend_schema_field(SuccessionSerializer(many=True))
    def get_successors(self, agency: Agency) -> list[dict]:
        # ``successions_out__successors`` is prefetched by the view: no query per agency.
        return [
            {
                "effective_from": s.effective_from,
                "scope": s.scope,
                "legal_basis": s.legal_basis,
                "agencies": [a.code for a in s.successors.all()],
            }
            for s in sorted(agency.successions_out.all(), key=lambda s: (s.effective_from, s.code))
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_province(self, agency: Agency) -> int | None:
        province = agency.province
        return province.pk if province else None


class CollectiveSerializer(serializers.ModelSerializer):
    """A collective as the text names it, with the agencies it stands for on the day asked (``on``)."""

    members = serializers.SerializerMethodField(help_text="Các cơ quan thành viên vào ngày hỏi (tham số on).")

    class Meta:
        model = Collective
        fields = ["id", "code", "name", "aliases", "member_kinds", "members"]

    @extend_schema_field(AgencyBriefSerializer(many=True))
    def get_members(self, collective: Collective):
        members = self.context["collective_members"][collective.pk]
        return AgencyBriefSerializer(members, many=True).data
