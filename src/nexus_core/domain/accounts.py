"""Accounts of a tenant's chart (the code rules and the SAT seed are in :mod:`.chart`)."""

from __future__ import annotations

import attrs

from nexus_core.domain.chart import (
    NATURE_OF_CLASS,
    AccountClass,
    AccountNature,
    class_of,
    is_root_code,
    parse_code,
    parse_nature,
    parse_sat_code,
)
from nexus_core.domain.text import optional_text, require_text
from nexus_core.errors import InvalidInput

# Roots (100), SAT major accounts (101) and SAT subaccounts (101.01) have SAT codes of their own;
# deeper accounts are the shop's split of a SAT subaccount.
SAT_LEVELS = 3


@attrs.define(eq=False)
class Account:
    """An account of the tenant's chart; ``nature`` is the wire's ``type``."""

    id: int | None
    tenant_id: int
    code: str
    sat_code: str
    name: str
    nature: AccountNature
    parent_id: int | None
    level: int
    is_active: bool = True
    description: str | None = None

    @classmethod
    def create(
        cls,
        *,
        tenant_id: int,
        code: object,
        name: object,
        sat_code: object = None,
        nature: object = None,
        parent: Account | None = None,
        description: object = None,
    ) -> Account:
        """Validates the code, derives the nature from the root class and the level from the parent.

        The one check of an account's values: the use case hands over what the client sent (the HTTP
        edge only made sure each is text, an integer or one of the natures) and scripts call this
        directly, so it accepts any object and refuses with :class:`InvalidInput` naming the field.

        A given nature must agree with the root class (docs/accounting.md): reports use signed
        nets, so a contra account needs no nature of its own. Without a ``sat_code`` an account
        takes its own code, except below level 3: a level-4 shop sub-account (``601.84.04`` under
        ``601.84``) keeps its parent's SAT code, because SAT's código agrupador stops at the
        subaccount the shop splits.
        """
        code = parse_code(code)
        klass = class_of(code)
        expected = NATURE_OF_CLASS[klass]
        if nature is not None and parse_nature(nature) is not expected:
            raise InvalidInput(
                f"type of account {code} must be {expected.value} ({klass.value} accounts)", field="type"
            )
        if parent is None:
            if not is_root_code(code):
                raise InvalidInput(f"account {code} needs a parent_id (only 100..600 are roots)", field="parent_id")
            level = 1
        else:
            if class_of(parent.code) is not klass:
                raise InvalidInput(
                    f"account {code} cannot hang from {parent.code}: different root class", field="parent_id"
                )
            level = parent.level + 1
        if sat_code is not None:
            sat = parse_sat_code(sat_code)
        elif parent is not None and level > SAT_LEVELS:
            sat = parent.sat_code
        else:
            sat = code
        return cls(
            id=None,
            tenant_id=tenant_id,
            code=code,
            sat_code=sat,
            name=require_text(name, field="name", max_len=200),
            nature=expected,
            parent_id=None if parent is None else parent.id,
            level=level,
            is_active=True,
            description=optional_text(description, field="description", max_len=500),
        )

    @property
    def account_class(self) -> AccountClass:
        return class_of(self.code)


@attrs.frozen
class PostingAccount:
    """An account as the posting path needs it: the account, and whether it has subaccounts (a
    parent never takes postings). Read in one query (``AccountRepository.for_posting``)."""

    account: Account
    has_children: bool
