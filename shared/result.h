#pragma once

#include "errorcode.h"

#include <QJsonObject>
#include <QString>

#include <optional>
#include <utility>
#include <variant>

// A failed domain operation: a machine code, a sentence for people, and extra
// numbers a client may show (e.g. how many seats are still available).
struct DomainError
{
    ErrorCode code = ErrorCode::Internal;
    QString message;
    QJsonObject details;
};

// Errors are values: every domain call returns either its value or a DomainError.
template <typename T> class Result
{
public:
    Result(T value) : m_state(std::move(value)) {}
    Result(DomainError error) : m_state(std::move(error)) {}

    static Result failure(ErrorCode code, QString message, QJsonObject details = {})
    {
        return Result(DomainError{code, std::move(message), std::move(details)});
    }

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }
    const T &value() const { return std::get<T>(m_state); }
    T &value() { return std::get<T>(m_state); }
    const T &operator*() const { return value(); }
    const T *operator->() const { return &value(); }
    const DomainError &error() const { return std::get<DomainError>(m_state); }

private:
    std::variant<T, DomainError> m_state;
};
