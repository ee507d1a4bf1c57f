"""The client's public face: everything public is named in ``__all__`` and importable from the
package, the modules beneath are private, the package is typed, the parameter Literals match
their enums, and the client stands alone: three runtime dependencies, none of the server's."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import typing
from enum import StrEnum
from pathlib import Path

import discogs_service_client
from discogs_service_client import _types

CLIENT = Path(__file__).resolve().parents[2] / "client"
PACKAGE = Path(discogs_service_client.__file__).parent


def test_all_names_exactly_the_public_names() -> None:
    public = {name for name in vars(discogs_service_client) if not name.startswith("_")}
    assert set(discogs_service_client.__all__) == public
    assert len(discogs_service_client.__all__) == len(set(discogs_service_client.__all__))
    for name in discogs_service_client.__all__:
        assert getattr(discogs_service_client, name) is not None


def test_the_face_of_the_issue_is_importable() -> None:
    from discogs_service_client import AsyncClient, Client, NotFound, RateLimited

    assert issubclass(NotFound, discogs_service_client.DiscogsError)
    assert issubclass(RateLimited, discogs_service_client.ClientError)
    assert Client.__name__ == "Client" and AsyncClient.__name__ == "AsyncClient"


def test_every_module_beneath_is_private() -> None:
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.name == "__init__.py" and relative.parent == Path("."):
            continue
        assert any(part.startswith("_") for part in relative.parts), relative


def test_the_package_is_typed() -> None:
    assert (PACKAGE / "py.typed").exists()


def test_each_literal_names_exactly_its_enums_values() -> None:
    for name in _types.__all__:
        if not name.endswith("Value"):
            continue
        enum = getattr(_types, name.removesuffix("Value"))
        assert issubclass(enum, StrEnum)
        union = typing.get_args(getattr(_types, name))
        literal = next(arg for arg in union if typing.get_origin(arg) is typing.Literal)
        assert list(typing.get_args(literal)) == [member.value for member in enum], name


def test_three_runtime_dependencies() -> None:
    project = tomllib.loads((CLIENT / "pyproject.toml").read_text())["project"]
    assert project["name"] == "discogs-service-client"
    names = sorted(dep.split(">")[0].split("=")[0].strip() for dep in project["dependencies"])
    assert names == ["httpx", "msgspec", "oauthlib"]
    assert (CLIENT / "README.md").exists()


def test_importing_the_client_loads_nothing_of_the_server() -> None:
    code = (
        "import sys, discogs_service_client; "
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('discogs_service', 'starlette', 'sqlalchemy', 'pydantic', 'lxml', 'redis')]; "
        "print(bad)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
