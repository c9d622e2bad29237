#include "flagevaluationcontroller.h"

#include "controllersupport.h"
#include "flags/flagevaluator.h"
#include "flags/flagrules.h"
#include "flags/flagsnapshot.h"
#include "router.h"

using namespace ControllerSupport;

void FlagEvaluationController::registerRoutes(Router &router)
{
    router.add(QHttpServerRequest::Method::Get, QStringLiteral("/flags/evaluate"),
               Router::Access::Public, action(this, &FlagEvaluationController::evaluate));
}

QFuture<ApiResponse> FlagEvaluationController::evaluate(const ApiRequest &request)
{
    // Absent reads as empty, which checkSubject() calls missing.
    const QString subject =
        request.query.queryItemValue(QStringLiteral("subject"), QUrl::FullyDecoded);
    if (const auto error = FlagRules::checkSubject(subject))
        return ready(*error);
    const std::shared_ptr<const FlagState> state = m_snapshot.current();
    QJsonObject values;
    for (const EffectiveFlag &flag : state->flags) {
        const FlagEvaluator::Evaluation evaluation =
            FlagEvaluator::evaluate(flag.key, flag.effective, subject);
        if (evaluation.value)
            values.insert(flag.key, *evaluation.value);
    }
    return QtFuture::makeReadyFuture(ApiResponse::json(200, values));
}
