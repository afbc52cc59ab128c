from rest_framework.pagination import PageNumberPagination as BasePagination

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 250


class PageNumberPagination(BasePagination):
    """``?page=2&page_size=100``: 50 items a page unless asked, at most 250."""

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    page_size_query_description = (
        f"Items per page, at most {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE})."
    )
    max_page_size = MAX_PAGE_SIZE

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = MAX_PAGE_SIZE
        return parameters
