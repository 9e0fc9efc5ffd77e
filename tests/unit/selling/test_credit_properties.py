"""Property: after any sequence of credit sales (part paid at the counter or not), payments and
cancellations, each customer's balance = the sum of their open receivables = the sum of their account
movements, and together they are 105.01 Clientes in the books; no IVA is left in 209.01 once nothing
is owed."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from contract.credit_shop import add_customer, books, customer, open_charges, pay
from contract.sell_shop import make_counter
from nexus_core.errors import NexusError
from nexus_core.services.sales import CancelSale, cancel_sale
from nexus_core.testing import in_memory_nexus

D = Decimal
cents = st.integers(min_value=1, max_value=50_000).map(lambda c: D(c) / 100)
sale_op = st.tuples(
    st.just("sale"), st.integers(0, 1), st.integers(1, 3), cents, st.sampled_from(["0", "0.16", "0.08"]), st.booleans()
)
pay_op = st.tuples(st.just("pay"), st.integers(0, 1), st.integers(1, 100), st.sampled_from(["efectivo", "tarjeta"]))
cancel_op = st.tuples(st.just("cancel"), st.integers(0, 20))
day_op = st.tuples(st.just("day"))


@settings(max_examples=20)
@given(st.lists(st.one_of(sale_op, pay_op, cancel_op, day_op), min_size=1, max_size=12))
def test_balances_receivables_movements_and_books_agree(ops: list[tuple]) -> None:  # type: ignore[type-arg]
    nexus = in_memory_nexus()
    counter = make_counter(nexus)
    item = counter.shop.item(stock=1000, cost="1.00")
    counter.open()
    people = [add_customer(counter, name=n, credit_limit=D("20000.00")) for n in ("Taller Perez", "Autos Garcia")]
    sales = []
    for op in ops:
        try:
            if op[0] == "sale":
                _, who, qty, price, rate, part = op
                total_guess = {"amount_paid": "1.00"} if part else {}
                line = (item, str(qty), str(price))
                sale = counter.sell(
                    line, method="credito", customer_id=people[who], line={"tax_rate": rate}, **total_guess
                )
                sales.append(sale)
            elif op[0] == "pay":
                _, who, percent, method = op
                owed = customer(counter, people[who]).balance
                amount = (owed * percent / 100).quantize(D("0.01"))
                if amount > 0:
                    pay(counter, people[who], str(amount), method)
            elif op[0] == "cancel" and sales:
                counter.run(cancel_sale, CancelSale(counter.owner, sales[op[1] % len(sales)].id))
            elif op[0] == "day":
                nexus.deps.clock.advance(timedelta(days=1))  # type: ignore[attr-defined]
        except NexusError:
            pass  # a refusal (credit limit, a cancellation after payments, twice) writes nothing
        total = D("0.00")
        for cid in people:
            balance = customer(counter, cid).balance
            assert balance == sum((amount for _, amount in open_charges(counter, cid)), D("0.00"))
            with nexus.uows.tenant(counter.shop.tenant_id, write=False) as uow:
                moved = sum((e.amount for e in uow.customer_accounts.entries(cid, None, None)), D("0.00"))
            assert balance == moved >= 0
            total += balance
        assert books(counter, "105.01") == total
        if total == 0:
            assert books(counter, "209.01") == 0
