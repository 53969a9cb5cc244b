"""People and organisation pages: lists, a person with the title chain on a chosen date,
tenures added and ended, organisations with their posts; refusals in Chinese."""

from __future__ import annotations

from datetime import date

from litestar.testing import TestClient
from sqlmodel import Session, select

from governance.records.models import Organisation, Person, Post, Tenure
from tests.factories import group_leaders, make_event, make_org, make_person, make_post


def test_people_list_shows_todays_titles_and_searches(client: TestClient, session: Session) -> None:
    group_leaders(session)
    page = client.get("/people").text
    assert "共 3 人" in page and "集团党委书记、董事长" in page
    found = client.get("/people", params={"q": "王"}).text
    assert "共 1 人" in found and "王吾雪" in found and "谭相彦" not in found


def test_person_page_previews_the_title_chain_on_a_date(
    client: TestClient, session: Session
) -> None:
    group = make_org(session)
    secretary = make_post(session, group, "党委书记", 10)
    manager = make_post(session, group, "总经理", 50)
    person = make_person(session, "谭相彦", group, (secretary,), starts_on=date(2020, 1, 1))
    session.add(
        Tenure(person_id=person.id or 0, post_id=manager.id or 0, ends_on=date(2020, 12, 31))
    )
    session.commit()
    make_event(
        session,
        title="集团召开三届一次会员代表大会",
        start="2021-01-20",
        participants=[{"person_id": person.id, "role": "出席"}],
    )
    then = client.get(f"/people/{person.id}", params={"on": "2020-06-01"}).text
    assert "2020年6月1日印作" in then and "集团党委书记、总经理谭相彦" in then
    later = client.get(f"/people/{person.id}", params={"on": "2021-01-20"}).text
    assert "集团党委书记谭相彦" in later and "集团党委书记、总经理" not in later
    assert "集团召开三届一次会员代表大会" in later and "出席" in later


def test_tenure_added_and_ended_through_the_forms(client: TestClient, session: Session) -> None:
    group = make_org(session)
    post = make_post(session, group, "工会主席", 80)
    person = make_person(session, "张永正", group)
    refused = client.post(
        f"/people/{person.id}/tenures", data={"post_id": "", "starts_on": "2021-01-01"}
    )
    assert (
        refused.status_code == 422
        and "请选择职务" in refused.text
        and 'value="2021-01-01"' in refused.text
    )
    backwards = {"post_id": str(post.id), "starts_on": "2021-01-01", "ends_on": "2020-01-01"}
    refused = client.post(f"/people/{person.id}/tenures", data=backwards)
    assert refused.status_code == 422 and "结束日期不能早于开始日期" in refused.text
    added = client.post(
        f"/people/{person.id}/tenures",
        data={"post_id": str(post.id), "starts_on": "2021-01-01"},
        follow_redirects=False,
    )
    assert added.status_code == 303
    tenure = session.exec(select(Tenure)).one()
    assert (tenure.starts_on, tenure.ends_on) == (date(2021, 1, 1), None)
    ended = client.post(
        f"/tenures/{tenure.id}/end", data={"ends_on": "2021-06-30"}, follow_redirects=False
    )
    assert ended.status_code == 303
    session.expire_all()
    assert session.get(Tenure, tenure.id).ends_on == date(2021, 6, 30)


def test_person_form_creates_and_edits_and_keeps_values_when_refused(
    client: TestClient, session: Session
) -> None:
    group = make_org(session)
    refused = client.post(
        "/people/new", data={"name": "", "notes": "备注不丢", "organisation_id": str(group.id)}
    )
    assert (
        refused.status_code == 422 and "姓名：必填" in refused.text and "备注不丢" in refused.text
    )
    made = client.post(
        "/people/new",
        data={"name": "武长卿", "internal": "1", "organisation_id": str(group.id)},
        follow_redirects=False,
    )
    assert made.status_code == 303
    person = session.exec(select(Person)).one()
    assert (person.name, person.internal, person.organisation_id) == ("武长卿", True, group.id)
    edited = client.post(
        f"/people/{person.id}/edit",
        data={"name": "武长卿", "notes": "工会副主席"},
        follow_redirects=False,
    )
    assert edited.status_code == 303
    session.expire_all()
    person = session.get(Person, person.id)
    assert (person.internal, person.organisation_id, person.notes) == (False, None, "工会副主席")


def test_organisation_forms_and_posts(client: TestClient, session: Session) -> None:
    made = client.post(
        "/organisations/new",
        data={
            "name": "聊城市城市水务集团有限公司",
            "short_name": "聊城水务集团",
            "prefix": "集团",
            "kind": "group",
        },
        follow_redirects=False,
    )
    assert made.status_code == 303
    org = session.exec(select(Organisation)).one()
    twice = client.post(
        "/organisations/new", data={"name": "聊城市城市水务集团有限公司", "kind": "group"}
    )
    assert twice.status_code == 422 and "已有同名的组织（编号 " in twice.text
    assert (
        client.post(
            f"/organisations/{org.id}/posts",
            data={"title": "党委书记", "precedence": "10"},
            follow_redirects=False,
        ).status_code
        == 303
    )
    assert session.exec(select(Post.title)).all() == ["党委书记"]
    bad = client.post(f"/organisations/{org.id}/posts", data={"title": "", "precedence": "x"})
    assert bad.status_code == 422 and "职务名称：必填" in bad.text
    page = client.get(f"/organisations/{org.id}").text
    assert "党委书记" in page and "集团党委书记" in page
    listing = client.get("/organisations").text
    assert "聊城市城市水务集团有限公司" in listing and "集团" in listing


def test_missing_people_pages_are_404(client: TestClient) -> None:
    assert client.get("/people/9").status_code == 404
    assert client.get("/organisations/9").status_code == 404
    assert client.post("/tenures/9/end", data={"ends_on": "2021-01-01"}).status_code == 404
