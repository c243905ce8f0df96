"""Keep the changes feed right when relations change outside ``save()``."""

from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from .models import ClosedDay, Helper


@receiver(m2m_changed, sender=Helper.quartiers.through)
def helper_quartiers_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        helpers = [instance]
    elif action == "post_clear":  # quartier.helpers.clear(): Django names no helper here
        helpers = instance.__dict__.pop("_helpers_before_clear", [])
    else:
        helpers = list(Helper.objects.filter(pk__in=pk_set or []))
    for helper in helpers:
        # Remember every quartier the helper was in, so its kiosks learn about a removal.
        helper.seen_quartiers.add(*helper.quartiers.all())
        if reverse:
            helper.seen_quartiers.add(instance)
        helper.touch()


@receiver(m2m_changed, sender=Helper.quartiers.through)
def helper_quartiers_before_change(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear" and reverse:
        instance._helpers_before_clear = list(instance.helpers.all())
    elif action == "pre_clear":
        instance.seen_quartiers.add(*instance.quartiers.all())
    elif action == "pre_remove" and not reverse and pk_set:
        instance.seen_quartiers.add(*pk_set)


@receiver(post_save, sender=ClosedDay)
def closed_day_saved(sender, instance, **kwargs):
    from .plans import cancel_slots_on_closed_day

    cancel_slots_on_closed_day(instance)
