"""Template context for every page: the user's teams and the current one."""


def desk(request):
    membership = getattr(request, "membership", None)
    if membership is None:
        return {"membership": None, "memberships": []}
    return {
        "membership": membership,
        "current_team": membership.team,
        "memberships": request.memberships,
    }
