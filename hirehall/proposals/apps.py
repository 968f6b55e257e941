from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "hirehall.proposals"
    label = "proposals"
    verbose_name = "Proposals, invitations and offers"

    def ready(self) -> None:
        from hirehall.proposals import receivers, references, sweeps  # noqa: F401 - registers receivers and sweeps

        references.register()  # what "offer:7:m1" means on receipts and transaction lists
