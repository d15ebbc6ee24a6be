"""Simplification scenarios (phương án đơn giản hóa thủ tục hành chính).

A :class:`Scenario` is data: a name and an ordered list of actions on
procedures. It round-trips through JSON, composes with ``+`` and is applied to
a model with :func:`apply`, which returns a new :class:`cchc.Model` sharing
every table the scenario does not touch.

Every action targets procedures by code (a string or a list of codes), by
field (``field="Hộ tịch"``, lĩnh vực) or all of them (``"*"``), and may carry a
``note`` (the rationale shown in the plan table). Actions are checked when
added (values) and when applied (codes, component, step and fee names): an
unknown name raises :class:`cchc.ScenarioError` naming the closest existing ones.

Examples
--------
>>> import cchc
>>> s = (cchc.Scenario("Đơn giản hóa hộ tịch 2021")
...      .remove_component("1.000001", "Giấy xác nhận cư trú", note="khai thác CSDL dân cư")
...      .set_online(field="Hộ tịch", level="full", share=0.5)
...      .set_trips("1.000001", 1))
>>> s2 = cchc.Scenario.from_json(s.to_json())
>>> s2 == s
True
>>> m2 = cchc.apply(m, s)  # doctest: +SKIP
"""

from __future__ import annotations

import json
import numbers
import os
from collections.abc import Iterable, Sequence
from datetime import date as _date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cchc import _args, _core
from cchc._files import fspath, write_text
from cchc.errors import ScenarioError

if TYPE_CHECKING:
    from cchc.cost import CostParams
    from cchc.model import Model

__all__ = ["Scenario", "apply"]

Target = str | Sequence[str] | None


def _target(target: Target, field: str | None) -> dict[str, Any]:
    if field is not None:
        if target is not None:
            raise TypeError("give either procedure code(s) or field=, not both")
        return {"field": field}
    if target is None:
        raise TypeError("give procedure code(s), '*' for all procedures, or field=")
    if isinstance(target, str):
        return {"all": True} if target == "*" else {"procedures": [target]}
    return {"procedures": [str(c) for c in target]}


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None and v != ""}


def _check_numbers(name: str, value: Any) -> None:
    """Refuses a NaN, an infinity or a number beyond any float in an action's argument, naming
    the builder and the argument (JSON cannot hold them: the C++ parser would only say "not
    valid JSON")."""
    if isinstance(value, bool | str):
        return
    if isinstance(value, numbers.Number):
        _args.finite(name, value)
    elif isinstance(value, dict):
        for k, v in value.items():
            _check_numbers(f"{name}[{k!r}]", v)
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            _check_numbers(f"{name}[{i}]", v)


class Scenario:
    """A simplification scenario: named, ordered actions on procedures.

    Builder methods return a *new* scenario, so scenarios are values: keep a
    base plan and derive variants from it, or add two with ``a + b``. A NaN or
    infinite argument raises :class:`cchc.ArgumentError` naming the builder and
    the argument; money beyond 9.2e18 VND raises :class:`cchc.ScenarioError`.
    Codes, fields and names may be typed in any Unicode form (NFC or NFD).

    Parameters
    ----------
    name : str
        Title of the plan, e.g. ``"Đơn giản hóa 2021"``.
    description : str, optional
    actions : iterable of dict, optional
        Actions in their JSON form (see the methods for each kind).

    Examples
    --------
    >>> base = cchc.Scenario("Kế hoạch 2021").cut_time("*", percent=20)
    >>> variant = base.set_online(field="Hộ tịch", level="full", share=0.6)
    >>> len(base), len(variant)
    (1, 2)
    """

    def __init__(self, name: str = "", description: str = "", actions: Iterable[dict[str, Any]] = ()) -> None:
        self.name = str(name)
        self.description = str(description)
        self._actions: tuple[dict[str, Any], ...] = ()
        acts = [dict(a) for a in actions]
        if acts:
            self._actions = tuple(self._normalized(acts))

    # -- data ---------------------------------------------------------------
    def _doc(self, actions: Sequence[dict[str, Any]] | None = None) -> dict[str, Any]:
        doc: dict[str, Any] = {"format": "cchc-scenario", "version": 1, "name": self.name}
        if self.description:
            doc["description"] = self.description
        doc["actions"] = list(self._actions if actions is None else actions)
        return doc

    def _normalized(self, actions: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        for a in actions:
            for k, v in a.items():
                _check_numbers(f"{a.get('action', 'action')}: {k}", v)
        text = _core.scenario_normalize(json.dumps(self._doc(actions), ensure_ascii=False))
        return list(json.loads(text)["actions"])

    def _with(self, action: dict[str, Any]) -> Scenario:
        out = Scenario(self.name, self.description)
        out._actions = tuple(self._normalized([*self._actions, _clean(action)]))
        return out

    @property
    def actions(self) -> list[dict[str, Any]]:
        """The actions in JSON form (copies)."""
        return [dict(a) for a in self._actions]

    def to_json(self, indent: int | None = 2) -> str:
        """JSON text (``{"format": "cchc-scenario", "version": 1, ...}``), UTF-8 friendly."""
        return json.dumps(self._doc(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_json(cls, text: str | bytes) -> Scenario:
        """Parse JSON text; raises :class:`cchc.ScenarioError` naming the JSON pointer of a problem."""
        # Bytes go to the C++ reader as they are: it names UTF-16 and bad UTF-8 with their place.
        doc = json.loads(_core.scenario_normalize(text))
        out = cls(doc.get("name", ""), doc.get("description", ""))
        out._actions = tuple(doc.get("actions", []))
        return out

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the scenario as JSON, atomically (see :meth:`cchc.Model.save`)."""
        write_text(path, self.to_json() + "\n")

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Scenario:
        """Read a scenario JSON file; a problem raises :class:`cchc.ScenarioError` naming the file and pointer."""
        text = fspath(path)
        try:
            return cls.from_json(Path(text).read_bytes())
        except UnicodeDecodeError as exc:
            raise ScenarioError(f"{text}: not UTF-8 (byte {exc.start})") from None
        except ScenarioError as exc:
            raise ScenarioError(f"{text}: {exc}") from None

    def describe(self) -> list[str]:
        """One readable line per action."""
        if not self._actions:
            return []
        return list(_core.scenario_describe(json.dumps(self._doc(), ensure_ascii=False)))

    def __add__(self, other: Scenario) -> Scenario:
        if not isinstance(other, Scenario):
            return NotImplemented
        name = " + ".join(n for n in (self.name, other.name) if n)
        out = Scenario(name, self.description or other.description)
        out._actions = self._actions + other._actions
        return out

    def __len__(self) -> int:
        return len(self._actions)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Scenario):
            return NotImplemented
        return (self.name, self.description, list(self._actions)) == (
            other.name,
            other.description,
            list(other._actions),
        )

    def __hash__(self) -> int:
        return hash(self.to_json(indent=None))

    def __repr__(self) -> str:
        lines = [f"Scenario({self.name!r}, {len(self)} action{'s' if len(self) != 1 else ''})"]
        lines += [f"  {i}. {d}" for i, d in enumerate(self.describe(), 1)]
        return "\n".join(lines)

    def apply(self, model: Model, params: CostParams | None = None) -> Model:
        """The model with this scenario applied (see :func:`apply`)."""
        return apply(model, self, params)

    # -- actions ------------------------------------------------------------
    def remove_component(
        self, target: Target = None, component: str = "", *, field: str | None = None, note: str = ""
    ) -> Scenario:
        """Remove a dossier component (thành phần hồ sơ), matched by name ignoring case and diacritics.

        Examples
        --------
        >>> s = cchc.Scenario().remove_component("1.000001", "Bản sao giấy khai sinh")
        """
        return self._with({"action": "remove_component", **_target(target, field), "component": component,
                           "note": note})

    def set_component(
        self,
        target: Target = None,
        component: str = "",
        *,
        prep_hours: float | None = None,
        copies: int | None = None,
        cost: float | None = None,
        notarised: bool | None = None,
        required: bool | None = None,
        field: str | None = None,
        note: str = "",
    ) -> Scenario:
        """Change a component: preparation time (hours), copies, out-of-pocket cost, notarisation, required."""
        return self._with({"action": "set_component", **_target(target, field), "component": component,
                           "prep_hours": prep_hours, "copies": copies, "cost": cost, "notarised": notarised,
                           "required": required, "note": note})

    def cut_time(
        self,
        target: Target = None,
        *,
        days: float | None = None,
        percent: float | None = None,
        step: str | None = None,
        field: str | None = None,
        note: str = "",
    ) -> Scenario:
        """Cut a step's (``step=``) or the whole processing time by ``days`` or by ``percent`` (0–100).

        A whole-time cut shortens every submission method's processing time and
        scales the steps so they add up to the shorter time. Processing time is
        not part of compliance cost (Circular 02/2017 excludes opportunity
        cost); it matters to the service simulation.
        """
        return self._with({"action": "cut_time", **_target(target, field), "step": step, "days": days,
                           "percent": percent, "note": note})

    def set_online(
        self,
        target: Target = None,
        level: str = "full",
        *,
        share: float | None = None,
        field: str | None = None,
        note: str = "",
    ) -> Scenario:
        """Set the online service level (``none``, ``partial``, ``full``; Decree 42/2022) and the adoption share.

        ``share`` is the fraction of dossiers filed online (default: the
        :class:`cchc.CostParams` share for the level).
        """
        return self._with({"action": "set_online", **_target(target, field), "level": level, "share": share,
                           "note": note})

    def set_trips(self, target: Target = None, trips: int = 1, *, field: str | None = None, note: str = "") -> Scenario:
        """Set the number of trips a citizen makes on the counter route."""
        return self._with({"action": "set_trips", **_target(target, field), "trips": trips, "note": note})

    def set_fee(
        self,
        target: Target = None,
        *,
        amount: float | None = None,
        percent: float | None = None,
        fee: str | None = None,
        field: str | None = None,
        note: str = "",
    ) -> Scenario:
        """Set fees and charges: ``amount`` (VND; without ``fee=`` the new total) or cut by ``percent``."""
        return self._with({"action": "set_fee", **_target(target, field), "fee": fee, "amount": amount,
                           "percent": percent, "note": note})

    def abolish(self, target: Target = None, *, field: str | None = None, note: str = "") -> Scenario:
        """Abolish (bãi bỏ) procedures."""
        return self._with({"action": "abolish", **_target(target, field), "note": note})

    def merge(self, codes: Sequence[str], *, into: str | None = None, name: str | None = None,
              note: str = "") -> Scenario:
        """Merge procedures into one (``into``, default the first): volumes summed, components and fees united."""
        return self._with({"action": "merge", "procedures": list(codes), "into": into, "name": name, "note": note})

    def link(self, codes: Sequence[str], *, note: str = "") -> Scenario:
        """Link procedures (liên thông), in chain order: one submission at the first desk.

        Later procedures need no trip and no component already handed in.
        """
        return self._with({"action": "link", "procedures": list(codes), "note": note})

    def move_level(self, target: Target = None, level: str = "commune", *, field: str | None = None,
                   note: str = "") -> Scenario:
        """Hand procedures to a lower level (``district`` or ``commune``), closer to citizens.

        Dossiers of a higher-level desk go to the People's Committees of the
        target level under it (all of them for a provincial agency), in
        proportion to their population.
        """
        return self._with({"action": "move_level", **_target(target, field), "level": level, "note": note})

    def scale_volume(self, target: Target = None, factor: float = 1.0, *, agency: str | None = None,
                     field: str | None = None, note: str = "") -> Scenario:
        """Multiply annual volumes (e.g. 12 filings a year → 4: ``factor=4/12``), optionally at one agency."""
        return self._with({"action": "scale_volume", **_target(target, field), "factor": factor, "agency": agency,
                           "note": note})

    def set_volume(self, target: Target = None, agency: str = "", annual: float = 0.0, *,
                   field: str | None = None, note: str = "") -> Scenario:
        """Set the annual dossiers of one implementing agency."""
        return self._with({"action": "set_volume", **_target(target, field), "agency": agency, "annual": annual,
                           "note": note})

    def set_postal_return(self, target: Target = None, share: float = 1.0, *, field: str | None = None,
                          note: str = "") -> Scenario:
        """Offer return of the result by public post, taken up by ``share`` of counter dossiers."""
        return self._with({"action": "set_postal_return", **_target(target, field), "share": share, "note": note})

    # -- restructuring (sắp xếp tổ chức bộ máy) -----------------------------
    # Dated: units that end get valid_to = date - 1, new units valid_from = date,
    # task assignments are split at the date. Without a date, the model's as_of.
    # People serving on the date, procedure volumes, step responsibilities and
    # parent links hold the state after the date (format v1 keeps no history for them).

    def merge_units(self, units: Sequence[str], *, into: str | None = None, name: str | None = None,
                    date: str | _date | None = None, chair_rule: str | None = None,
                    seat_distance_factor: float | None = None, note: str = "") -> Scenario:
        """Merge agencies or units (sáp nhập) into ``into`` from ``date``.

        ``into`` is one of ``units`` (it survives and keeps its code), another
        existing agency, or a new code (then give ``name``; the new unit copies
        the first unit's kind, level and parent). Quotas, headcount and
        population are summed; tasks, people serving on the date, procedure
        volumes, step responsibilities and one-stop desks move to the survivor.
        The merged unit's ``travel_km`` is the population-weighted distance to the
        new seat (see :func:`cchc.org.restructure`).

        ``chair_rule`` says what happens when the survivor chairs a task that
        another agency chairs too on the date: ``"survivor"`` (default: the
        survivor keeps the chair, the other agency coordinates from the date),
        ``"report"`` (left as is, listed in the log) or ``"error"``.

        Examples
        --------
        >>> s = cchc.Scenario("Hợp nhất").merge_units(["LC.SKHDT", "LC.STC"], into="LC.STC",
        ...                                           date="2025-03-01")
        """
        return self._with({"action": "merge_units", "units": list(units), "into": into, "name": name,
                           "date": _iso(date), "chair_rule": chair_rule,
                           "seat_distance_factor": seat_distance_factor, "note": note})

    def dissolve_level(self, level: str = "district", *, date: str | _date | None = None,
                       rules: Sequence[dict[str, Any]] = (), chair_rule: str | None = None,
                       note: str = "") -> Scenario:
        """End every unit of a level (e.g. the district level on 2025-07-01), routing its content by ``rules``.

        Each rule is ``{"what": "procedures"|"tasks"|"people"|"units", "to": ..., filter}``; the
        first matching rule applies. Filters: ``field`` and ``match`` (text in the name) for
        procedures and tasks, ``kind`` (agency kind) for people and units. Destinations:
        ``"commune"`` (the units of the level below in the same territory, shared by
        population; tasks get one copy per unit), ``"province"`` (for procedures the
        provincial agency with most of the field's volume, for tasks the department
        chairing most of the field's tasks, for people the provincial People's
        Committee), an agency code, ``"leave"`` (people leave the service) and, for
        units, ``"keep"`` (moved up under the level above) or ``"dissolve"`` (default).
        Quotas and recorded headcount follow the people's shares.
        """
        return self._with({"action": "dissolve_level", "level": level, "date": _iso(date),
                           "rules": [dict(r) for r in rules], "chair_rule": chair_rule, "note": note})

    def merge_communes(self, mapping: Any, *, date: str | _date | None = None, complete: bool = False,
                       chair_rule: str | None = None, seat_distance_factor: float | None = None,
                       note: str = "") -> Scenario:
        """Merge commune-level units by a mapping from old codes to new units.

        ``mapping`` is a list of ``{"code", "name", "from": [old codes], "territory"?, "parent"?,
        "seat"?}``, or a dict ``{old_code: new_code}`` / ``{old_code: (new_code, new_name)}``.
        ``complete=True`` requires every commune-level unit valid the day before to be mapped.
        Each entry works as :meth:`merge_units` into a new code (or a surviving old one).

        Examples
        --------
        >>> s = cchc.Scenario().merge_communes({"X1": ("N1", "xã Mới"), "X2": "N1"}, date="2025-07-01")
        """
        return self._with({"action": "merge_communes", "mapping": _mapping(mapping), "date": _iso(date),
                           "complete": complete or None, "chair_rule": chair_rule,
                           "seat_distance_factor": seat_distance_factor, "note": note})

    def rename_unit(self, agency: str, name: str | None = None, *, code: str | None = None,
                    date: str | _date | None = None, note: str = "") -> Scenario:
        """Rename an agency; with a new ``code`` the renamed unit is a new record valid from ``date``."""
        return self._with({"action": "rename_unit", "agency": agency, "name": name, "code": code,
                           "date": _iso(date), "note": note})

    def transfer_tasks(self, source: str, target: str, tasks: str | Sequence[str] | None = None, *,
                       task_field: str | None = None, role: str | None = None, date: str | _date | None = None,
                       chair_rule: str | None = None, note: str = "") -> Scenario:
        """Hand tasks (all, a list, or a field's) from agency ``source`` to ``target`` from ``date``.

        ``role`` (``chair``/``coordinate``) overrides the role at the target; ``chair_rule`` as
        in :meth:`merge_units`.
        """
        task_list = [tasks] if isinstance(tasks, str) else (list(tasks) if tasks is not None else None)
        return self._with({"action": "transfer_tasks", "from": source, "to": target, "tasks": task_list,
                           "task_field": task_field, "role": role, "date": _iso(date),
                           "chair_rule": chair_rule, "note": note})


def _iso(d: str | _date | None) -> str | None:
    return d.isoformat() if isinstance(d, _date) else d


def _mapping(mapping: Any) -> list[dict[str, Any]]:
    if isinstance(mapping, dict):
        groups: dict[str, dict[str, Any]] = {}
        for old, new in mapping.items():
            code, name = (new[0], new[1]) if isinstance(new, tuple | list) else (new, None)
            g = groups.setdefault(str(code), {"code": str(code), "from": []})
            g["from"].append(str(old))
            if name:
                g["name"] = str(name)
        return list(groups.values())
    return [dict(e) for e in mapping]


def apply(model: Model, scenario: Scenario, params: CostParams | None = None) -> Model:
    """Apply a scenario: a new :class:`cchc.Model` sharing every table the scenario does not change.

    The online and postal shares a scenario sets are behaviour, not model data;
    :func:`cchc.compliance_cost` with ``scenario=`` carries them into the cost.

    Examples
    --------
    >>> m2 = cchc.apply(m, cchc.Scenario("x").abolish("1.000001"))  # doctest: +SKIP
    """
    return _apply(model, scenario, params)[0]


def _apply(model: Model, scenario: Scenario, params: CostParams | None) -> tuple[Model, dict[str, Any], list[Any]]:
    from cchc.cost import CostParams
    from cchc.model import Model as _Model

    if not isinstance(scenario, Scenario):
        raise TypeError(f"expected a cchc.Scenario, got {type(scenario).__name__}")
    p = (params or CostParams()).to_dict()
    core, p2, touched = _core.apply_scenario(model._core, scenario.to_json(indent=None), p)
    return _Model(core), p2, touched
