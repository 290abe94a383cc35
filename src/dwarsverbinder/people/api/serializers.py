from rest_framework import serializers

from ..models import Person


class PersonSerializer(serializers.ModelSerializer):
    municipality = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "given_names",
            "tussenvoegsel",
            "surname",
            "date_of_birth",
            "gender",
            "postcode",
            "municipality",
        ]
