#include "hostileflags.h"

namespace HostileFlags {

namespace {
using Request = HostileRequests::Request;

void badKeys(HostileRequests &g, QList<Request> *out)
{
    static const QList<QByteArray> keys = {"Bad.Key",
                                           "a%20b",
                                           "a%2Fb",
                                           QByteArray(101, 'k'),
                                           "sales.paused.show.0",
                                           "sales.paused.show.01",
                                           "sales.paused.show.abc",
                                           "booking.hold_second",
                                           "sales.stop",
                                           "%00",
                                           "%C3%A9t%C3%A9",
                                           "k%0A",
                                           "ai%3Amodel%2F",
                                           "k%FF",
                                           "k*"};
    const QByteArray key = g.pickFrom(keys);
    switch (g.pick(4)) {
    case 0:
    case 1:
        out->append({{},
                     QStringLiteral("PUT /admin/flags/:key"),
                     g.request("PUT", "/admin/flags/" + key, {}, "false", true)});
        break;
    case 2:
        out->append({{},
                     QStringLiteral("DELETE /admin/flags/:key"),
                     g.request("DELETE", "/admin/flags/" + key, {}, {}, true)});
        break;
    default:
        out->append({{},
                     QStringLiteral("GET /admin/flags/:key/history"),
                     g.request("GET", "/admin/flags/" + key + "/history", {}, {}, true)});
    }
}

void badValues(HostileRequests &g, QList<Request> *out)
{
    static const QList<std::pair<QByteArray, QByteArray>> values = {
        {"fuzz.target", "null"},
        {"fuzz.target", "[1]"},
        {"fuzz.target", ""},
        {"fuzz.target", "{\"on\":"},
        {"fuzz.target", ".5"},
        {"fuzz.target", "01"},
        {"fuzz.target", "\"\\q\""},
        {"fuzz.target", "'on'"},
        {"fuzz.target", "true false"},
        {"fuzz.target", R"({"percent":1,"percent":2})"},
        {"fuzz.target", R"({"percent":.5e1})"},
        {"fuzz.target", R"({"percent":-1})"},
        {"fuzz.target", R"({"percent":100.1})"},
        {"fuzz.target", R"({"percent":"10"})"},
        {"fuzz.target", R"({"percent":12.34})"},
        {"fuzz.target", R"({"percent":null})"},
        // A BOM after a space (one leading BOM alone is allowed, as for every body).
        {"fuzz.new", " \xef\xbb\xbf"
                     "1"},
        {"fuzz.new", QByteArray("1\0", 2)},
        {"booking.hold_seconds", "9"},
        {"booking.hold_seconds", "86401"},
        {"booking.hold_seconds", "30.5"},
        {"booking.hold_seconds", "\"30\""},
        {"booking.hold_seconds", "1e400"},
        {"booking.max_seats", "0"},
        {"booking.max_seats", "1001"},
        {"booking.max_seats", "2.5"},
        {"booking.max_seats", "true"},
        {"sales.paused", "\"yes\""},
        {"sales.paused", "1"},
        {"sales.paused", "0"},
        {"sales.paused", "{\"on\":true}"},
        {"sales.paused.show.1", "\"true\""}};
    const auto &[key, body] = g.pickFrom(values);
    out->append({{},
                 QStringLiteral("PUT /admin/flags/:key"),
                 g.request("PUT", "/admin/flags/" + key, {}, body, true)});
}

void badIfMatch(HostileRequests &g, QList<Request> *out)
{
    const QByteArray version = HostileRequests::number(g.targets().flagVersion);
    const QByteArray stale = HostileRequests::number(g.targets().flagVersion + 1000);
    const QList<QByteArray> headers = {"If-Match: \"" + stale + "\"",
                                       "If-Match: " + stale,
                                       "If-Match: abc",
                                       "If-Match: \"" + version,
                                       "If-Match: \"-1\"",
                                       "If-Match: **",
                                       "If-Match: \"" + version + "\"\r\nIf-Match: \"" + version +
                                           "\""};
    const QByteArray header = g.pickFrom(headers);
    switch (g.pick(3)) {
    case 0:
        out->append(
            {{},
             QStringLiteral("PUT /admin/flags/:key"),
             g.request("PUT", "/admin/flags/fuzz.target", {header}, R"({"on":false})", true)});
        break;
    case 1:
        out->append({{},
                     QStringLiteral("DELETE /admin/flags/:key"),
                     g.request("DELETE", "/admin/flags/fuzz.target", {header}, {}, true)});
        break;
    default:
        out->append({{},
                     QStringLiteral("PUT /admin/flags/:key"),
                     g.request("PUT", "/admin/flags/fuzz.absent", {"If-Match: *"}, "1", true)});
    }
}

void withoutToken(HostileRequests &g, QList<Request> *out)
{
    static const QList<QByteArray> authorizations = {{},
                                                     "Authorization: Bearer wrong",
                                                     "Authorization: Bearer",
                                                     "Authorization: Basic Zm9vOmJhcg=="};
    const QByteArray header = g.pickFrom(authorizations);
    const QList<QByteArray> headers = header.isEmpty() ? QList<QByteArray>() : QList{header};
    static const QList<std::pair<QByteArray, QByteArray>> routes = {
        {"PUT", "/admin/flags/fuzz.target"},         {"PUT", "/admin/flags/fuzz.new"},
        {"DELETE", "/admin/flags/fuzz.target"},      {"GET", "/admin/flags"},
        {"GET", "/admin/flags/fuzz.target"},         {"GET", "/admin/flags/fuzz.target/history"},
        {"POST", "/admin/flags/fuzz.target/preview"}};
    const auto &[method, target] = g.pickFrom(routes);
    const QByteArray body = method == "PUT"    ? QByteArray(R"({"on":false})")
                            : method == "POST" ? QByteArray(R"({"subjects":["a"]})")
                                               : QByteArray();
    out->append(
        {{}, QString::fromLatin1(method + ' ' + target), g.request(method, target, headers, body)});
}

void wrongRoutes(HostileRequests &g, QList<Request> *out)
{
    static const QList<std::pair<QByteArray, QByteArray>> routes = {
        {"POST", "/admin/flags"},
        {"PUT", "/admin/flags"},
        {"DELETE", "/admin/flags"},
        {"PATCH", "/admin/flags/fuzz.target"},
        {"POST", "/admin/flags/fuzz.target"},
        {"PUT", "/admin/flags/fuzz.target/history"},
        {"DELETE", "/admin/flags/fuzz.target/history"},
        {"GET", "/admin/flags/fuzz.target/preview"},
        {"PUT", "/admin/flags/fuzz.target/preview"},
        {"POST", "/flags/evaluate?subject=a"},
        {"DELETE", "/flags/evaluate?subject=a"},
        {"GET", "/flags"},
        {"GET", "/admin/flags/fuzz.target/nope"},
        {"PUT", "/admin%2Fflags/fuzz.new"},
        {"PUT", "/admin/flags%2Ffuzz.new"},
        {"PUT", "/admin/flags/fuzz.new/extra"}};
    const auto &[method, target] = g.pickFrom(routes);
    out->append({{},
                 QString::fromLatin1(method + ' ' + target.left(40)),
                 g.request(method, target, {}, method == "GET" ? QByteArray() : "1", true)});
}

void badPreviews(HostileRequests &g, QList<Request> *out)
{
    static const QList<QByteArray> bodies = {R"({"subjects":[]})",
                                             R"({"subjects":["a",7]})",
                                             R"({"subjects":"a"})",
                                             R"({"subjects":[""]})",
                                             R"({"subjects":["a"],"value":null})",
                                             R"({"subjects":["a"],"value":{"percent":101}})",
                                             R"({"subjects":["a"],"value":[1]})",
                                             R"({"subjects":["a"],"subjects":["b"]})",
                                             R"({"value":1})",
                                             R"({"subjects":["a"])",
                                             "[]",
                                             "null",
                                             "{\"subjects\":[\"" + QByteArray(201, 'x') + "\"]}",
                                             "{\"subjects\":[" +
                                                 QByteArray("\"s\",").repeated(1000) + "\"s\"]}"};
    const bool builtin = g.pick(4) == 0;
    out->append(
        {{},
         QStringLiteral("POST /admin/flags/:key/preview"),
         g.request("POST",
                   builtin ? "/admin/flags/booking.max_seats/preview"
                           : "/admin/flags/fuzz.target/preview",
                   {}, builtin ? R"({"subjects":["a"],"value":0})" : g.pickFrom(bodies), true)});
}

void badQueries(HostileRequests &g, QList<Request> *out)
{
    static const QList<QByteArray> history = {"limit=0",         "limit=501", "limit=abc",
                                              "limit=-1",        "offset=-1", "offset=abc",
                                              "limit=1&limit=2", "limit=%00", "limit=1.5"};
    static const QList<QByteArray> evaluate = {"",
                                               "?",
                                               "?subject",
                                               "?other=a",
                                               "?subject=a&subject=b",
                                               "?subject=" + QByteArray(201, 's')};
    if (g.pick(2)) {
        out->append({{},
                     QStringLiteral("GET /admin/flags/:key/history"),
                     g.request("GET", "/admin/flags/fuzz.target/history?" + g.pickFrom(history), {},
                               {}, true)});
    } else {
        out->append({{},
                     QStringLiteral("GET /flags/evaluate"),
                     g.request("GET", "/flags/evaluate" + g.pickFrom(evaluate), {}, {})});
    }
}

void wrongContentTypes(HostileRequests &g, QList<Request> *out)
{
    static const QList<QByteArray> types = {"text/plain", "application/x-www-form-urlencoded",
                                            "application/xml", "text/json"};
    out->append({{},
                 QStringLiteral("PUT /admin/flags/:key"),
                 g.request("PUT", "/admin/flags/fuzz.new", {}, "1", true, g.pickFrom(types))});
}
} // namespace

void flagRequests(HostileRequests &g, QList<HostileRequests::Request> *out)
{
    using Generator = void (*)(HostileRequests &, QList<Request> *);
    static const QList<Generator> kinds = {&badKeys,      &badValues,        &badIfMatch,
                                           &withoutToken, &wrongRoutes,      &badPreviews,
                                           &badQueries,   &wrongContentTypes};
    g.pickFrom(kinds)(g, out);
}

} // namespace HostileFlags
