#pragma once

#include "notice.h"

#include <QLabel>

// A one-line outcome shown next to the form that caused it ("Only 3 seats
// left", "Held 2 seats"), coloured by kind, instead of a modal dialog that
// would steal focus from the person at the counter.
class InlineMessage : public QLabel
{
    Q_OBJECT
public:
    enum class Kind
    {
        Info,
        Success,
        Warning,
        Error
    };
    Q_ENUM(Kind)

    explicit InlineMessage(QWidget *parent = nullptr);

    void showMessage(Kind kind, const QString &text);
    void clearMessage();
    // A workflow's Notice: shown in its tone, or cleared when it has no text.
    void showNotice(const Notice &notice);
    Kind kind() const { return m_kind; }

private:
    Kind m_kind = Kind::Info;
};
