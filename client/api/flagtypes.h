#pragma once

#include <QDateTime>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <optional>

// Shapes of the feature-flag admin API (GET/PUT/DELETE /admin/flags…). The
// client only shows and edits them; evaluating a flag for a subject is the
// server's job (POST /admin/flags/:key/preview), never re-done here.

// In a namespace of their own: the server has structs of the same names
// (server/flags/featureflag.h), and the GUI tests link both libraries.
namespace Api {

// One flag as GET /admin/flags lists it.
struct FeatureFlag
{
    enum class Source
    {
        Database,
        Environment, // an environment variable wins over the stored value
    };

    QString key;
    QJsonValue value = QJsonValue::Null; // stored value; Null when environment-only
    QJsonValue effective;                // what the server evaluates
    Source source = Source::Database;
    QString environmentVariable;   // set when the environment overrides the flag
    std::optional<double> percent; // the effective value's rollout %, if any
    bool builtin = false;
    qint64 version = 0;  // 0 when environment-only
    QDateTime updatedAt; // invalid when environment-only
    QString updatedBy;

    bool isStored() const { return version > 0; }
    bool operator==(const FeatureFlag &) const = default;
};

// One row of GET /admin/flags/:key/history, newest first.
struct FlagChange
{
    enum class Action
    {
        Created,
        Updated,
        Deleted,
    };

    qint64 id = 0;
    QString key;
    Action action = Action::Updated;
    QJsonValue oldValue = QJsonValue::Null; // Null when created
    QJsonValue newValue = QJsonValue::Null; // Null when deleted
    QString changedBy;
    QDateTime changedAt;

    bool operator==(const FlagChange &) const = default;
};

// A page of a flag's history plus the X-Total-Count of all its changes.
struct FlagHistoryPage
{
    QList<FlagChange> changes;
    int totalCount = 0;
};

// Answer of POST /admin/flags/:key/preview: where each subject lands.
struct FlagPreview
{
    struct Subject
    {
        QString subject;
        std::optional<int> bucket; // none when the value is not a rollout
        bool inside = true;
        QJsonValue value = QJsonValue::Null; // Null when the flag is absent for the subject
    };

    QString key;
    std::optional<double> percent;
    int subjectCount = 0;
    int insideCount = 0;
    QList<Subject> subjects;
};

} // namespace Api
