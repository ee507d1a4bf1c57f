"""The endpoints discogs-service does not serve yet (collection, wantlist, lists, ratings by
user, submissions and contributions, marketplace, inventory), against the local fixture
server answering with the real API's recorded bodies (read from ../shared at test time).
Each test checks what the client sent (method, path, query, body) and what it made of the
answer.

The tests talk to the endpoints only through the client; when the server grows an
endpoint, its test moves to the served catalogue by swapping the fixture for a server
(the assertions on requests are the contract the server will be held to).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from discogs_service_client import (
    AsyncClient,
    CollectionItem,
    Condition,
    ListingStatus,
    OrderStatus,
    SleeveCondition,
)
from tests.client.conftest import QUICK_RETRIES, fixture_client
from tests.client.fixture_server import Answer, FixtureServer
from tests.client.recordings import RESPONSES, require_responses
from tests.conftest import USER_AGENT

LIVE = "DiscogsApiClient/Recordings/"
DOCS = "discogs-developer-docs/"


@pytest.fixture(autouse=True)
def _responses() -> None:
    require_responses()


def live(file: str, method: str, path_end: str) -> bytes:
    """The body of a live recording's exchange (the first whose method and path match)."""
    for exchange in json.loads((RESPONSES / LIVE / f"{file}.json").read_text()):
        url = exchange["requestUrl"].split("?")[0]
        if exchange["requestMethod"] == method and url.endswith(path_end):
            body: str = exchange["responseBody"]
            return body.encode()
    raise AssertionError(f"no {method} …{path_end} in {file}")


def docs(name: str) -> bytes:
    return (RESPONSES / DOCS / name).read_bytes()


def one(fixture: FixtureServer) -> Any:
    assert len(fixture.seen) == 1, fixture.seen
    return fixture.seen[0]


# -- collection ----------------------------------------------------------------------------------


def test_collection_folders_create_rename_delete(fixture: FixtureServer) -> None:
    folders = live(
        "Collection.CollectionFoldersTests.GetCollectionFolders_ShouldReturnFolders_WhenUsernameIsValid",
        "GET",
        "/collection/folders",
    )
    workflow = "Collection.CollectionFoldersTests.CreateUpdateDeleteCollectionFolder_ShouldSucceed_WhenParametersAreValid"
    fixture.answer("GET", "/users/DamIDhagor/collection/folders", Answer(200, folders))
    fixture.answer(
        "POST",
        "/users/DamIDhagor/collection/folders",
        Answer(201, live(workflow, "POST", "/collection/folders")),
    )
    fixture.answer(
        "POST",
        r"/users/DamIDhagor/collection/folders/\d+",
        Answer(200, live(workflow, "POST", "/collection/folders/9391750")),
    )
    fixture.answer("DELETE", r"/users/DamIDhagor/collection/folders/\d+", Answer(204))
    with fixture_client(fixture) as discogs:
        collection = discogs.user("DamIDhagor").collection
        listed = collection.folders()
        created = collection.create_folder("API_TEST_WORKFLOW_CREATE")
        renamed = collection.folder(created.id).rename("API_TEST_WORKFLOW_UPDATE")
        collection.folder(created.id).delete()
    assert (listed[0].id, listed[0].name) == (0, "All")
    assert listed[-1].name == "Uncategorized"
    assert (created.id, created.count) == (9391750, 0)
    assert renamed.name == "API_TEST_WORKFLOW_UPDATE"
    sent = [(seen.method, seen.path) for seen in fixture.seen]
    assert sent == [
        ("GET", "/users/DamIDhagor/collection/folders"),
        ("POST", "/users/DamIDhagor/collection/folders"),
        ("POST", "/users/DamIDhagor/collection/folders/9391750"),
        ("DELETE", "/users/DamIDhagor/collection/folders/9391750"),
    ]
    assert fixture.seen[1].json == {"name": "API_TEST_WORKFLOW_CREATE"}


def test_add_a_release_to_a_folder_then_edit_and_remove_the_copy(fixture: FixtureServer) -> None:
    file = "Collection.CollectionFolderReleaseUpdateTests.UpdateCollectionFolderRelease_ShouldChangeRatingAndMoveFolder_WhenValuesAreValid"
    added = live(file, "POST", "/releases/5134861")
    fixture.answer("POST", r"/users/u/collection/folders/1/releases/5134861", Answer(201, added))
    instance = r"/users/u/collection/folders/1/releases/5134861/instances/\d+"
    fixture.answer("POST", instance, Answer(204))
    fixture.answer("DELETE", instance, Answer(204))
    fixture.answer("POST", instance + r"/fields/3", Answer(204))
    with fixture_client(fixture) as discogs:
        item = discogs.user("u").collection.folder(1).add(5134861)
        copy = discogs.user("u").collection.folder(1).instance(5134861, item.instance_id)
        copy.edit(rating=4, folder_id=9510199)
        copy.set_field(3, "bleep bloop")
        copy.delete()
    assert isinstance(item, CollectionItem)
    assert item.basic_information is not None
    assert item.basic_information.title == "Glory To The Brave"
    edit, field, delete = fixture.seen[1:]
    assert edit.json == {"rating": 4, "folder_id": 9510199}
    assert field.path.endswith(f"/instances/{item.instance_id}/fields/3")
    assert field.json == {"value": "bleep bloop"}
    assert delete.method == "DELETE"
    with pytest.raises(ValueError):
        copy.edit(rating=6)


def test_folder_releases_are_paged_with_sort(fixture: FixtureServer) -> None:
    fixture.answer(
        "GET",
        "/users/example/collection/folders/0/releases",
        Answer(
            200, docs("GET__users__username__collection__folders__folder_id__releases__200.json")
        ),
    )
    with fixture_client(fixture) as discogs:
        folder = discogs.user("example").collection.folder(0)
        page = folder.releases(sort="artist", sort_order="desc", per_page=2).page(1)
    assert one(fixture).query == {
        "sort": "artist",
        "sort_order": "desc",
        "page": "1",
        "per_page": "2",
    }
    # The documentation's example: page 1 of 14, one release a page.
    assert (page.pagination.page, page.pagination.pages, page.pagination.items) == (1, 14, 14)
    assert [item.basic_information.id for item in page.items] == [2464521]


def test_collection_items_of_a_release_fields_and_value(fixture: FixtureServer) -> None:
    fixture.answer(
        "GET",
        "/users/DamIDhagor/collection/releases/5134861",
        Answer(
            200,
            live(
                "Collection.CollectionItemsByReleaseTests.GetCollectionItemsByRelease_ShouldReturnReleases_WhenReleaseIsInCollection",
                "GET",
                "/collection/releases/5134861",
            ),
        ),
    )
    fixture.answer(
        "GET",
        "/users/DamIDhagor/collection/fields",
        Answer(
            200,
            live(
                "Collection.CollectionFieldsTests.GetCollectionFields_ShouldReturnFields_WhenUsernameIsValid",
                "GET",
                "/collection/fields",
            ),
        ),
    )
    fixture.answer(
        "GET",
        "/users/DamIDhagor/collection/value",
        Answer(
            200,
            live(
                "Collection.CollectionValueTests.GetCollectionValue_ShouldReturnCollectionValue_WhenUsernameIsValid",
                "GET",
                "/collection/value",
            ),
        ),
    )
    with fixture_client(fixture) as discogs:
        collection = discogs.user("DamIDhagor").collection
        items = list(collection.releases(5134861))
        fields = collection.fields()
        value = collection.value()
    assert [item.id for item in items] == [5134861]
    assert {field.type for field in fields} <= {"dropdown", "textarea"}
    assert value.median == "€71.20"


# -- wantlist, lists, ratings, submissions, contributions ----------------------------------------


def test_wantlist_add_edit_remove_and_list(fixture: FixtureServer) -> None:
    file = "Collection.WantlistTests.AddAndRemoveReleaseFromWantlist_ShouldSucceed_WhenParametersAreValid"
    want = live(file, "PUT", "/wants/5134861")
    fixture.answer("PUT", "/users/DamIDhagor/wants/5134861", Answer(201, want))
    fixture.answer("POST", "/users/DamIDhagor/wants/5134861", Answer(200, want))
    fixture.answer("DELETE", "/users/DamIDhagor/wants/5134861", Answer(204))
    fixture.answer(
        "GET", "/users/DamIDhagor/wants", Answer(200, docs("GET__users__username__wants__200.json"))
    )
    with fixture_client(fixture) as discogs:
        wantlist = discogs.user("DamIDhagor").wantlist
        added = wantlist.add(5134861, notes="for the shelf", rating=4)
        wantlist.edit(5134861, rating=5)
        wantlist.remove(5134861)
        wants = list(wantlist.wants())
    assert added.id == 5134861
    assert added.basic_information is not None
    assert fixture.seen[0].json == {"notes": "for the shelf", "rating": 4}
    assert fixture.seen[1].json == {"rating": 5}
    assert [w.id for w in wants] == [1867708, 1675174]


def test_lists_of_a_user_and_a_list_with_items(fixture: FixtureServer) -> None:
    fixture.answer(
        "GET",
        "/users/DamIDhagor/lists",
        Answer(
            200,
            live(
                "User.UserListsTests.GetUserLists_ShouldReturnOnlyPublicLists_WhenUnauthenticated",
                "GET",
                "/lists",
            ),
        ),
    )
    fixture.answer(
        "GET",
        "/lists/1710462",
        Answer(
            200,
            live(
                "User.ListDetailsTests.GetList_ShouldReturnListWithItems_WhenListIsPublicAndUnauthenticated",
                "GET",
                "/lists/1710462",
            ),
        ),
    )
    with fixture_client(fixture) as discogs:
        lists = list(discogs.user("DamIDhagor").lists())
        detail = discogs.list(lists[0].id)
    assert lists[0].name == "API Test Public List"
    assert detail.items[0].display_title == "HammerFall - Glory To The Brave"
    assert detail.user is not None and detail.user.username == "DamIDhagor"


def test_a_users_rating_of_a_release_read_set_and_removed(fixture: FixtureServer) -> None:
    file = "Database.ReleaseRatingTests.UpdateGetAndDeleteReleaseRating_ShouldSucceed_WhenParametersAreValid"
    path = "/releases/38022159/rating/DamIDhagor"
    fixture.answer("PUT", path, Answer(201, live(file, "PUT", path)))
    fixture.answer("GET", path, Answer(200, live(file, "GET", path)))
    fixture.answer("DELETE", path, Answer(204))
    with fixture_client(fixture) as discogs:
        user = discogs.user("DamIDhagor")
        set_to = user.rate(38022159, 4)
        read = user.rating(38022159)
        user.unrate(38022159)
        with pytest.raises(ValueError):
            user.rate(38022159, 0)
    assert (set_to.rating, read.rating, read.username) == (4, 4, "DamIDhagor")
    assert fixture.seen[0].json == {"rating": 4}


def test_submissions_and_contributions_page_by_page(fixture: FixtureServer) -> None:
    fixture.answer(
        "GET",
        "/users/rodneyfool/submissions",
        Answer(200, docs("GET__users__username__submissions__200.json")),
    )
    fixture.answer(
        "GET",
        "/users/rodneyfool/contributions",
        Answer(200, docs("GET__users__username__contributions__200.json")),
    )
    with fixture_client(fixture) as discogs:
        user = discogs.user("rodneyfool")
        submissions = list(user.submissions())
        contributions = list(user.contributions(sort="year", sort_order="asc"))
    assert len(submissions) == 1  # one Submissions per page
    assert submissions[0].artists[0].name == "Grimy"
    assert contributions[0].title
    assert fixture.seen[1].query["sort"] == "year"


# -- marketplace and inventory -------------------------------------------------------------------


def test_a_listing_created_read_edited_and_deleted(fixture: FixtureServer) -> None:
    file = "Marketplace.CreateMarketplaceListingTests.CreateMarketplaceListing_ShouldCreateDraftListing_WhenRequestIsValid"
    fixture.answer(
        "POST", "/marketplace/listings", Answer(201, live(file, "POST", "/marketplace/listings"))
    )
    fixture.answer(
        "GET",
        r"/marketplace/listings/\d+",
        Answer(200, live(file, "GET", "/marketplace/listings/4330647531")),
    )
    fixture.answer("POST", r"/marketplace/listings/\d+", Answer(204))
    fixture.answer("DELETE", r"/marketplace/listings/\d+", Answer(204))
    with fixture_client(fixture) as discogs:
        market = discogs.marketplace
        created = market.create_listing(
            release_id=249504,
            condition=Condition.NEAR_MINT,
            sleeve_condition=SleeveCondition.GENERIC,
            price=9.99,
            status=ListingStatus.DRAFT,
            allow_offers=True,
        )
        listing = market.listing(created.listing_id, curr_abbr="EUR")
        market.edit_listing(created.listing_id, release_id=249504, condition="Mint (M)", price=12.5)
        market.delete_listing(created.listing_id)
    assert created.listing_id == 4330647531
    assert fixture.seen[0].json == {
        "release_id": 249504,
        "condition": "Near Mint (NM or M-)",
        "sleeve_condition": "Generic",
        "price": 9.99,
        "status": "Draft",
        "allow_offers": True,
    }
    assert listing.id == 4330647531
    assert listing.price is not None and listing.price.currency
    assert fixture.seen[1].query == {"curr_abbr": "EUR"}
    assert fixture.seen[2].json["price"] == 12.5


def test_orders_their_messages_and_updates(fixture: FixtureServer) -> None:
    fixture.answer(
        "GET", "/marketplace/orders", Answer(200, docs("GET__marketplace__orders__200.json"))
    )
    fixture.answer(
        "GET",
        "/marketplace/orders/1-1",
        Answer(200, docs("GET__marketplace__orders__order_id__200.json")),
    )
    fixture.answer(
        "POST",
        "/marketplace/orders/1-1",
        Answer(200, docs("POST__marketplace__orders__order_id__200.json")),
    )
    fixture.answer(
        "GET",
        "/marketplace/orders/1-1/messages",
        Answer(200, docs("GET__marketplace__orders__order_id__messages__200.json")),
    )
    fixture.answer(
        "POST",
        "/marketplace/orders/1-1/messages",
        Answer(201, docs("POST__marketplace__orders__order_id__messages__201.json")),
    )
    with fixture_client(fixture) as discogs:
        market = discogs.marketplace
        orders = list(market.orders(status=OrderStatus.NEW_ORDER, archived=False, sort="created"))
        order = market.order("1-1").get()
        updated = market.order("1-1").update(status="Shipped")
        messages = list(market.order("1-1").messages())
        sent = market.order("1-1").send_message(message="Shipped today", status="Shipped")
        with pytest.raises(ValueError):
            market.order("1-1").update(status="Shipped", shipping=5.0)
    assert orders[0].id == "1-1"
    assert fixture.seen[0].query == {
        "status": "New Order",
        "archived": "false",
        "sort": "created",
        "page": "1",
        "per_page": "100",
    }
    assert order.items[0].release is not None
    assert updated.id == "1-1"
    assert fixture.seen[2].json == {"status": "Shipped"}
    assert messages[0].order is not None
    assert sent.from_ is not None and sent.from_.username == "example_seller"


def test_fee_price_suggestions_and_stats(fixture: FixtureServer) -> None:
    fee = "Marketplace.GetMarketplaceFeeWithCurrencyTests.GetMarketplaceFee_ShouldReturnFeeInRequestedCurrency_WhenCurrencyIsProvided"
    stats = "Marketplace.GetMarketplaceStatsTests.GetMarketplaceStats_ShouldReturnStats_WhenReleaseHasItemsForSale"
    fixture.answer(
        "GET", "/marketplace/fee/10.00/EUR", Answer(200, live(fee, "GET", "/fee/10.00/EUR"))
    )
    fixture.answer(
        "GET", "/marketplace/fee/10.00", Answer(200, docs("GET__marketplace__fee__price__200.json"))
    )
    fixture.answer(
        "GET",
        "/marketplace/price_suggestions/1",
        Answer(200, docs("GET__marketplace__price_suggestions__release_id__200.json")),
    )
    fixture.answer(
        "GET", "/marketplace/stats/249504", Answer(200, live(stats, "GET", "/stats/249504"))
    )
    with fixture_client(fixture) as discogs:
        market = discogs.marketplace
        in_euros = market.fee(10, "EUR")
        plain = market.fee(10.0)
        suggestions = market.price_suggestions(1)
        numbers = market.stats(249504, curr_abbr="USD")
        with pytest.raises(ValueError):
            market.fee(0)
    assert (in_euros.value, in_euros.currency) == (0.9, "EUR")
    assert plain.value > 0
    assert suggestions[Condition.MINT].value > 0
    assert numbers.lowest_price is not None and numbers.lowest_price.currency == "USD"


def test_a_users_inventory_with_status_and_sort(fixture: FixtureServer) -> None:
    fixture.answer(
        "GET",
        "/users/rappcats/inventory",
        Answer(200, docs("GET__users__username__inventory__200.json")),
    )
    with fixture_client(fixture) as discogs:
        listings = list(
            discogs.user("rappcats").inventory(status="For Sale", sort="price", sort_order="desc")
        )
    assert listings[0].status == "For Sale"
    assert one(fixture).query["status"] == "For Sale"


def test_inventory_export_and_upload(fixture: FixtureServer) -> None:
    export = "Inventory.CreateInventoryExportTests.CreateInventoryExport_ShouldCreateExport_WhenRequested"
    upload = "Inventory.AddInventoryListingsAsByteArrayTests.AddInventoryListings_ShouldReportFailure_WhenReleaseIdDoesNotExist"
    location = {"Location": "https://api.discogs.com/inventory/export/18867036"}
    fixture.answer("POST", "/inventory/export", Answer(200, {}, location))
    fixture.answer(
        "GET", "/inventory/export", Answer(200, docs("GET__inventory__export__200.json"))
    )
    fixture.answer(
        "GET",
        r"/inventory/export/\d+",
        Answer(200, live(export, "GET", "/inventory/export/18867036")),
    )
    fixture.answer(
        "GET",
        r"/inventory/export/\d+/download",
        Answer(200, b"listing_id,artist\r\n", {"Content-Type": "text/csv; charset=utf-8"}),
    )
    fixture.answer(
        "POST",
        "/inventory/upload/add",
        Answer(200, {}, {"Location": "https://api.discogs.com/inventory/upload/3572616"}),
    )
    fixture.answer(
        "GET", "/inventory/upload", Answer(200, docs("GET__inventory__upload__200.json"))
    )
    fixture.answer(
        "GET",
        r"/inventory/upload/\d+",
        Answer(200, live(upload, "GET", "/inventory/upload/3572616")),
    )
    with fixture_client(fixture) as discogs:
        inventory = discogs.inventory
        status_url = inventory.export()
        exports = list(inventory.exports())
        done = inventory.export_status(18867036)
        csv = inventory.download(18867036)
        job_url = inventory.upload(
            "add", b"release_id,price,media_condition\r\n1,9.99,Mint (M)\r\n"
        )
        uploads = list(inventory.uploads())
        job = inventory.upload_status(3572616)
        with pytest.raises(ValueError):
            inventory.upload("replace", b"")
    assert status_url.endswith("/inventory/export/18867036")
    assert exports[0].filename.endswith(".csv")
    assert done.status == "success"
    assert csv.startswith(b"listing_id")
    assert job_url.endswith("/inventory/upload/3572616")
    multipart = fixture.requests("POST")[-1]
    assert multipart.headers["content-type"].startswith("multipart/form-data")
    assert b'name="upload"' in multipart.body and b"Mint (M)" in multipart.body
    assert uploads[0].type
    assert "Skipped row 2" in job.results


def test_the_async_client_reaches_the_same_endpoints(fixture: FixtureServer) -> None:
    fixture.answer(
        "GET",
        "/users/DamIDhagor/lists",
        Answer(
            200,
            live(
                "User.UserListsTests.GetUserLists_ShouldReturnOnlyPublicLists_WhenUnauthenticated",
                "GET",
                "/lists",
            ),
        ),
    )
    fixture.answer("DELETE", "/users/u/wants/1", Answer(204))

    async def use() -> list[str]:
        async with AsyncClient(USER_AGENT, base_url=fixture.url, retries=QUICK_RETRIES) as discogs:
            await discogs.user("u").wantlist.remove(1)
            return [item.name async for item in discogs.user("DamIDhagor").lists()]

    assert asyncio.run(use()) == ["API Test Public List"]
