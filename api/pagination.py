import re

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination as BasePagination

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 250
WHOLE_NUMBER = re.compile(r"[0-9]+")


class PageNumberPagination(BasePagination):
    """``?page=2&page_size=100``: 50 items a page unless asked, at most 250 (more asks for 250).
    A page or page size that is not a whole number from 1 answers 400; a page past the last, 404.
    """

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    page_size_query_description = (
        f"Items per page, from 1 (default {DEFAULT_PAGE_SIZE}); more than {MAX_PAGE_SIZE} "
        f"gives {MAX_PAGE_SIZE}."
    )
    page_query_description = "A page number, from 1; past the last page: 404."
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        for name in (self.page_query_param, self.page_size_query_param):
            values = request.query_params.getlist(name)
            if values and (
                len(values) > 1 or not WHOLE_NUMBER.fullmatch(values[0]) or int(values[0]) < 1
            ):
                raise ValidationError({name: ["Give one whole number from 1."]})
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
        return parameters
