#pragma once

#include <QDateTime>
#include <QJsonValue>
#include <QString>

#include <optional>

// One row of feature_flags: the stored value and who last changed it. The
// version is drawn from one sequence for all flags (sql/005), so it never
// repeats, even across a delete and a re-create.
struct FeatureFlag
{
    QString key;
    QJsonValue value;
    QDateTime updatedAt;
    QString updatedBy;
    qint64 version = 0;
};

// One row of feature_flag_history. oldValue is Undefined for a creation,
// newValue Undefined for a deletion.
struct FlagChange
{
    qint64 id = 0;
    QString key;
    QJsonValue oldValue = QJsonValue(QJsonValue::Undefined);
    QJsonValue newValue = QJsonValue(QJsonValue::Undefined);
    QString changedBy;
    QDateTime changedAt;
};

// A flag as the server obeys it: the stored row (if any) combined with the
// environment override (if any), which wins.
struct EffectiveFlag
{
    QString key;
    std::optional<FeatureFlag> stored;
    QJsonValue effective;
    QString environmentVariable; // empty unless an environment variable overrides the flag

    bool fromEnvironment() const { return !environmentVariable.isEmpty(); }
};
