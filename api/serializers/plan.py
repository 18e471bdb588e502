from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.agencies import AgencyBriefSerializer, CollectiveSerializer
from tasks.models import Activity, Plan, Responsibility, Task, TaskGroup


class TaskGroupBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = TaskGroup
        fields = ["id", "code", "title", "position"]


class PlanSerializer(serializers.ModelSerializer):
    issuer = AgencyBriefSerializer(read_only=True)
    groups = TaskGroupBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "code",
            "title",
            "decision_date",
            "issuer",
            "signer",
            "signer_title",
            "parent_decision",
            "parent_decision_date",
            "parent_title",
            "start_year",
            "end_year",
            "groups",
        ]


class TaskBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Task
        fields = ["id", "code", "title"]


class TaskGroupSerializer(serializers.ModelSerializer):
    tasks = TaskBriefSerializer(many=True, read_only=True)

    class Meta:
        model = TaskGroup
        fields = ["id", "plan", "code", "title", "position", "tasks"]


class ActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Activity
        fields = ["position", "text"]


class ResponsibilitySerializer(serializers.ModelSerializer):
    """One entry of "Cơ quan chủ trì" or "Cơ quan phối hợp": as written, and what it names.

    Exactly one of ``agency`` and ``collective`` is set; a collective carries its member agencies.
    """

    agency = AgencyBriefSerializer(read_only=True, allow_null=True)
    collective = serializers.SerializerMethodField()

    class Meta:
        model = Responsibility
        fields = ["role", "position", "written_as", "agency", "collective"]

    @extend_schema_field(CollectiveSerializer(allow_null=True))
    def get_collective(self, responsibility: Responsibility):
        if responsibility.collective is None:
            return None
        return CollectiveSerializer(responsibility.collective, context=self.context).data


class TimeframeSerializer(serializers.Serializer):
    kind = serializers.CharField(source="timeframe_kind")
    start = serializers.IntegerField(source="timeframe_start", allow_null=True)
    end = serializers.IntegerField(source="timeframe_end", allow_null=True)
    text = serializers.CharField(source="timeframe_text", help_text="Thời gian thực hiện, nguyên văn.")
    first_year = serializers.IntegerField()
    last_year = serializers.IntegerField()


class TaskSerializer(serializers.ModelSerializer):
    group = TaskGroupBriefSerializer(read_only=True)
    timeframe = TimeframeSerializer(source="*", read_only=True)
    activities = ActivitySerializer(many=True, read_only=True)
    lead = serializers.SerializerMethodField(help_text="Cơ quan chủ trì, theo thứ tự trong văn bản.")
    partners = serializers.SerializerMethodField(help_text="Cơ quan phối hợp, theo thứ tự trong văn bản.")

    class Meta:
        model = Task
        fields = ["id", "plan", "group", "code", "title", "position", "timeframe", "activities", "lead", "partners"]

    def _role(self, task: Task, role: str):
        rows = [r for r in task.responsibilities.all() if r.role == role]
        return ResponsibilitySerializer(rows, many=True, context=self.context).data

    @extend_schema_field(ResponsibilitySerializer(many=True))
    def get_lead(self, task: Task):
        return self._role(task, Responsibility.Role.LEAD)

    @extend_schema_field(ResponsibilitySerializer(many=True))
    def get_partners(self, task: Task):
        return self._role(task, Responsibility.Role.PARTNER)
