#include "adminflagscontroller.h"

#include "controllersupport.h"
#include "flagjson.h"
#include "flags/flagservice.h"
#include "flags/flagsnapshot.h"
#include "requestparsing.h"
#include "router.h"

#include <limits>

using namespace ControllerSupport;

namespace {
ApiResponse flagResponse(int status, const EffectiveFlag &flag)
{
    ApiResponse response = ApiResponse::json(status, FlagJson::flag(flag));
    const qint64 version = flag.stored ? flag.stored->version : 0;
    response.headers.append(qMakePair(QByteArray("ETag"), '"' + QByteArray::number(version) + '"'));
    return response;
}

Result<FlagService::Precondition> precondition(const ApiRequest &request)
{
    const auto header = RequestParsing::ifMatch(request);
    if (!header)
        return header.error();
    using Kind = FlagService::Precondition::Kind;
    switch (header->kind) {
    case RequestParsing::IfMatch::Kind::Absent:
        return FlagService::Precondition{};
    case RequestParsing::IfMatch::Kind::Any:
        return FlagService::Precondition{Kind::Exists, 0};
    case RequestParsing::IfMatch::Kind::Version:
        break;
    }
    return FlagService::Precondition{Kind::Version, header->version};
}

// The subjects of a preview: an array of strings (lengths are the service's check).
Result<QStringList> subjectList(const QJsonObject &body)
{
    const QString field = QStringLiteral("subjects");
    const QJsonValue value = body.value(field);
    const QJsonObject details{{QStringLiteral("field"), field}};
    if (value.isUndefined() || value.isNull())
        return Result<QStringList>::failure(ErrorCode::MissingField,
                                            QStringLiteral("subjects is required."), details);
    if (!value.isArray())
        return Result<QStringList>::failure(ErrorCode::InvalidField,
                                            QStringLiteral("subjects must be an array of strings."),
                                            details);
    QStringList subjects;
    for (const QJsonValue &subject : value.toArray()) {
        if (!subject.isString())
            return Result<QStringList>::failure(
                ErrorCode::InvalidField, QStringLiteral("subjects must be an array of strings."),
                details);
        subjects << subject.toString();
    }
    return subjects;
}
} // namespace

void AdminFlagsController::registerRoutes(Router &router)
{
    using Method = QHttpServerRequest::Method;
    using Access = Router::Access;
    router.add(Method::Get, QStringLiteral("/admin/flags"), Access::Admin,
               action(this, &AdminFlagsController::list));
    router.add(Method::Get, QStringLiteral("/admin/flags/:key"), Access::Admin,
               action(this, &AdminFlagsController::get));
    router.add(Method::Put, QStringLiteral("/admin/flags/:key"), Access::Admin,
               action(this, &AdminFlagsController::put));
    router.add(Method::Delete, QStringLiteral("/admin/flags/:key"), Access::Admin,
               action(this, &AdminFlagsController::remove));
    router.add(Method::Get, QStringLiteral("/admin/flags/:key/history"), Access::Admin,
               action(this, &AdminFlagsController::history));
    router.add(Method::Post, QStringLiteral("/admin/flags/:key/preview"), Access::Admin,
               action(this, &AdminFlagsController::preview));
}

QFuture<ApiResponse> AdminFlagsController::list(const ApiRequest &request)
{
    const EnvironmentFlagOverrides *overrides = &m_snapshot.overrides();
    return respond(
        m_executor, request,
        [overrides](DatabaseSession &session) { return FlagService(session, *overrides).list(); },
        [](const QList<EffectiveFlag> &flags) {
            QJsonArray array;
            for (const EffectiveFlag &flag : flags)
                array.append(FlagJson::flag(flag));
            return ApiResponse::json(200, array);
        });
}

QFuture<ApiResponse> AdminFlagsController::get(const ApiRequest &request)
{
    const QString key = request.pathArguments.at(0);
    if (const auto error = FlagService::checkKey(key))
        return ready(*error);
    const EnvironmentFlagOverrides *overrides = &m_snapshot.overrides();
    return respond(
        m_executor, request,
        [key, overrides](DatabaseSession &session) {
            return FlagService(session, *overrides).get(key);
        },
        [](const EffectiveFlag &flag) { return flagResponse(200, flag); });
}

QFuture<ApiResponse> AdminFlagsController::put(const ApiRequest &request)
{
    const QString key = request.pathArguments.at(0);
    if (const auto error = FlagService::checkKey(key))
        return ready(*error);
    const auto condition = precondition(request);
    if (!condition)
        return ready(condition.error());
    const auto value = RequestParsing::jsonValue(request);
    if (!value)
        return ready(value.error());
    if (const auto error = FlagService::checkPut(key, *value))
        return ready(*error);
    FlagSnapshot *snapshot = &m_snapshot;
    return respond(
        m_executor, request,
        [key, value = *value, who = auditContext(request), condition = *condition,
         snapshot](DatabaseSession &session) {
            auto saved =
                FlagService(session, snapshot->overrides()).put(key, value, who, condition);
            if (saved)
                snapshot->reload(session); // read your own write on this server
            return saved;
        },
        [](const FlagService::Saved &saved) {
            return flagResponse(saved.created ? 201 : 200, saved.flag);
        });
}

QFuture<ApiResponse> AdminFlagsController::remove(const ApiRequest &request)
{
    const QString key = request.pathArguments.at(0);
    if (const auto error = FlagService::checkKey(key))
        return ready(*error);
    const auto condition = precondition(request);
    if (!condition)
        return ready(condition.error());
    FlagSnapshot *snapshot = &m_snapshot;
    return respond(
        m_executor, request,
        [key, who = auditContext(request), condition = *condition,
         snapshot](DatabaseSession &session) {
            auto removed = FlagService(session, snapshot->overrides()).remove(key, who, condition);
            if (removed)
                snapshot->reload(session); // read your own write on this server
            return removed;
        },
        [](const EffectiveFlag &flag) { return ApiResponse::json(200, FlagJson::flag(flag)); });
}

QFuture<ApiResponse> AdminFlagsController::history(const ApiRequest &request)
{
    const QString key = request.pathArguments.at(0);
    if (const auto error = FlagService::checkKey(key))
        return ready(*error);
    const auto limit =
        RequestParsing::queryInt(request, QStringLiteral("limit"), FlagService::kDefaultHistoryPage,
                                 1, FlagService::kMaxHistoryPage);
    if (!limit)
        return ready(limit.error());
    const auto offset = RequestParsing::queryInt(request, QStringLiteral("offset"), 0, 0,
                                                 std::numeric_limits<int>::max());
    if (!offset)
        return ready(offset.error());
    const FlagService::HistoryQuery query{key, *limit, *offset};
    if (const auto error = FlagService::check(query))
        return ready(*error);
    const EnvironmentFlagOverrides *overrides = &m_snapshot.overrides();
    return respond(
        m_executor, request,
        [query, overrides](DatabaseSession &session) {
            return FlagService(session, *overrides).history(query);
        },
        [](const FlagService::HistoryPage &page) {
            QJsonArray array;
            for (const FlagChange &change : page.changes)
                array.append(FlagJson::change(change));
            ApiResponse response = ApiResponse::json(200, array);
            response.headers.append(
                qMakePair(QByteArray("X-Total-Count"), QByteArray::number(page.total)));
            return response;
        });
}

QFuture<ApiResponse> AdminFlagsController::preview(const ApiRequest &request)
{
    const QString key = request.pathArguments.at(0);
    if (const auto error = FlagService::checkKey(key))
        return ready(*error);
    const auto body = RequestParsing::jsonObject(request, false);
    if (!body)
        return ready(body.error());
    const auto subjects = subjectList(*body);
    if (!subjects)
        return ready(subjects.error());
    FlagService::PreviewCommand command{key, *subjects, std::nullopt};
    const QJsonValue draft = body->value(QStringLiteral("value"));
    if (!draft.isUndefined())
        command.draft = draft;
    if (const auto error = FlagService::check(command))
        return ready(*error);
    const EnvironmentFlagOverrides *overrides = &m_snapshot.overrides();
    return respond(
        m_executor, request,
        [command, overrides](DatabaseSession &session) {
            return FlagService(session, *overrides).preview(command);
        },
        [](const FlagService::Preview &preview) {
            return ApiResponse::json(200, FlagJson::preview(preview));
        });
}
