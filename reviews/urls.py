from .views import (
    assignments,
    automatic,
    bidding,
    committee,
    conflicts,
    decisions,
    ranking,
    reading,
    responses,
    review_setup,
    reviewing,
)

app_name = "reviews"

urlpatterns = (
    committee.urlpatterns
    + bidding.urlpatterns
    + conflicts.urlpatterns
    + assignments.urlpatterns
    + automatic.urlpatterns
    + review_setup.urlpatterns
    + reviewing.urlpatterns
    + reading.urlpatterns
    + ranking.urlpatterns
    + decisions.urlpatterns
    + responses.urlpatterns
)
