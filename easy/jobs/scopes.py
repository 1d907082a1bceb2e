"""What staff exports of one association share: the job's parameters name the association and
the list's filters, and only the association's managers may have the file."""

from django.http import QueryDict

from easy.accounts.permissions import is_manager
from easy.accounts.tenancy import association_model


def association_params(association, query: QueryDict) -> dict:
    return {"association": association.code, "query": query.urlencode()}


def manager_of_association(user, job) -> bool:
    """``Maker.allowed`` for a file of one association's list: its managers, checked again at
    every look and download."""
    Association = association_model()
    association = Association.objects.filter(code=job.params.get("association")).first()
    return association is not None and is_manager(user, association)
