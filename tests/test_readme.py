"""The README's promises: the two commands first, and a table reference in step with the code."""

from market_claims.schemas import README_TABLES, table_reference_markdown
from market_claims.settings import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def test_table_reference_is_generated_from_the_schemas():
    section = README.split("<!-- table-reference:start -->\n")[1].split("<!-- table-reference:end -->")[0]
    assert section.strip() == table_reference_markdown(README_TABLES).strip(), "run `make docs`"


def test_the_two_commands_come_first_and_ci_runs_the_test_command():
    first_block = README.split("```bash\n")[1].split("```")[0]
    assert first_block.splitlines()[0].startswith("make run") and first_block.splitlines()[1].startswith("make test")
    assert "make test" in (PROJECT_ROOT / ".ci" / "run").read_text()
