#include "flagrules.h"

#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace FlagRules {
namespace {

// The sentences of feature_flag_problem() in sql/005, as the API says them: a
// capital first and a full stop last. A sentence that starts with a flag key
// keeps the key as it is (keys are case-sensitive: "Sales.paused" names no flag).
const QString kKeyProblem =
    QStringLiteral("A flag key is 1 to 100 characters of a-z, 0-9 and . _ : -.");
const QString kTypeProblem =
    QStringLiteral("A flag value is an object, a number, a boolean or a string.");
const QString kReservedProblem = QStringLiteral(
    "The names booking.* and sales.* belong to the server's own flags: "
    "booking.hold_seconds, booking.max_seats, sales.paused, sales.paused.show.<id>.");
const QString kPercentRangeProblem = QStringLiteral("Percent must be a number from 0 to 100.");
const QString kPercentDecimalsProblem =
    QStringLiteral("Percent may have at most one decimal place.");

// The most digits of a show id in a key: 18 always fit in a qint64 (and in
// PostgreSQL's bigint), so every accepted key names a representable id.
constexpr int kMaxShowIdDigits = 18;

DomainError keyError(const QString &message)
{
    return DomainError{ErrorCode::InvalidFlagKey, message, {{QStringLiteral("field"), "key"}}};
}

DomainError valueError(const QString &message, const QString &field = QStringLiteral("value"))
{
    return DomainError{ErrorCode::InvalidFlagValue, message, {{QStringLiteral("field"), field}}};
}

bool keyCharacter(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '.' || u == '_' || u == ':' ||
           u == '-';
}

bool validShowId(QStringView digits)
{
    if (digits.isEmpty() || digits.size() > kMaxShowIdDigits || digits.front() == u'0')
        return false;
    return std::all_of(digits.begin(), digits.end(),
                       [](QChar c) { return c.unicode() >= '0' && c.unicode() <= '9'; });
}

bool wholeNumberWithin(const QJsonValue &value, double min, double max)
{
    if (!value.isDouble())
        return false;
    const double number = value.toDouble();
    return std::isfinite(number) && std::trunc(number) == number && number >= min && number <= max;
}

std::optional<DomainError> percentProblem(const QJsonValue &percent)
{
    const double number = percent.toDouble();
    if (!percent.isDouble() || !std::isfinite(number) || number < 0 || number > 100)
        return valueError(kPercentRangeProblem, QStringLiteral("percent"));
    // At most one decimal place: the number is k / 10 for a whole k. Most tenths
    // have no exact double, so the test is whether it is the double nearest to
    // k / 10 (what reading "12.3" gives), k being the nearest whole number of
    // tenths. Exact, unlike a tolerance (|round(v * 10) - v * 10| < 1e-9), which
    // would let 12.30000000001 through to the CHECK in sql/005, whose exact
    // numeric refuses it. Only digits beyond a double's precision (12.3, sixteen
    // zeros, a 1) escape it: the JSON reader has already rounded them away.
    if (std::round(number * 10) / 10 != number)
        return valueError(kPercentDecimalsProblem, QStringLiteral("percent"));
    return std::nullopt;
}

} // namespace

std::optional<DomainError> checkKey(const QString &key)
{
    if (key.isEmpty() || key.size() > kMaxKeyLength ||
        !std::all_of(key.begin(), key.end(), keyCharacter))
        return keyError(kKeyProblem);
    if (key == kHoldSeconds || key == kMaxSeats || key == kSalesPaused || pausedShowId(key))
        return std::nullopt;
    if (key.startsWith(QLatin1String("booking.")) || key.startsWith(QLatin1String("sales.")))
        return keyError(kReservedProblem);
    return std::nullopt;
}

std::optional<DomainError> checkValue(const QString &key, const QJsonValue &value)
{
    const bool number = value.isDouble() && std::isfinite(value.toDouble());
    if (!value.isObject() && !number && !value.isBool() && !value.isString())
        return valueError(kTypeProblem);
    if (key == kHoldSeconds) {
        if (wholeNumberWithin(value, 10, 86400))
            return std::nullopt;
        return valueError(
            QStringLiteral("%1 must be a whole number of seconds from 10 to 86400.").arg(key));
    }
    if (key == kMaxSeats) {
        if (wholeNumberWithin(value, 1, 1000))
            return std::nullopt;
        return valueError(QStringLiteral("%1 must be a whole number from 1 to 1000.").arg(key));
    }
    if (key == kSalesPaused || pausedShowId(key)) {
        if (value.isBool())
            return std::nullopt;
        return valueError(QStringLiteral("%1 must be true or false.").arg(key));
    }
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        if (object.contains(QLatin1String("percent")))
            return percentProblem(object.value(QLatin1String("percent")));
    }
    return std::nullopt;
}

std::optional<DomainError> checkSubject(const QString &subject)
{
    const QString field = QStringLiteral("subject");
    if (subject.isEmpty())
        return DomainError{ErrorCode::MissingField,
                           QStringLiteral("subject is required."),
                           {{QStringLiteral("field"), field}}};
    // Characters as people count them: a subject may be any text (an e-mail
    // address, a name), and one emoji is one character, not two UTF-16 units.
    if (subject.toUcs4().size() > kMaxSubjectLength)
        return DomainError{
            ErrorCode::OutOfRange,
            QStringLiteral("subject must be 1 to %1 characters long.").arg(kMaxSubjectLength),
            {{QStringLiteral("field"), field}}};
    return std::nullopt;
}

bool isBuiltin(const QString &key)
{
    return key == kHoldSeconds || key == kMaxSeats || key == kSalesPaused ||
           pausedShowId(key).has_value();
}

std::optional<qint64> pausedShowId(const QString &key)
{
    if (!key.startsWith(kShowPausePrefix))
        return std::nullopt;
    const QStringView digits = QStringView(key).mid(kShowPausePrefix.size());
    if (!validShowId(digits))
        return std::nullopt;
    return digits.toLongLong();
}

QString showPauseKey(qint64 showId)
{
    return kShowPausePrefix + QString::number(showId);
}

} // namespace FlagRules
