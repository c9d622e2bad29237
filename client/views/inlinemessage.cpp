#include "inlinemessage.h"

InlineMessage::InlineMessage(QWidget *parent) : QLabel(parent)
{
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setMinimumHeight(fontMetrics().height() + 12);
    clearMessage();
}

void InlineMessage::showMessage(Kind kind, const QString &text)
{
    m_kind = kind;
    const char *style = "";
    switch (kind) {
    case Kind::Info:
        style = "background:#e8f0fb; color:#1c3d6e; border:1px solid #b7cbe8;";
        break;
    case Kind::Success:
        style = "background:#e6f4e6; color:#1d5a1d; border:1px solid #a9d3a9;";
        break;
    case Kind::Warning:
        style = "background:#fff3cd; color:#5c4400; border:1px solid #ffbf00;";
        break;
    case Kind::Error:
        style = "background:#fbe6e6; color:#7a1616; border:1px solid #e0a4a4;";
        break;
    }
    setStyleSheet(QStringLiteral("InlineMessage { %1 border-radius:3px; padding:4px 8px; }")
                      .arg(QLatin1String(style)));
    setText(text);
    setAccessibleName(text);
}

void InlineMessage::clearMessage()
{
    setStyleSheet(QStringLiteral("InlineMessage { padding:5px 9px; }"));
    setText(QString());
}

void InlineMessage::showNotice(const Notice &notice)
{
    if (notice.isEmpty()) {
        clearMessage();
        return;
    }
    switch (notice.tone) {
    case Notice::Tone::Info:
        showMessage(Kind::Info, notice.text);
        break;
    case Notice::Tone::Success:
        showMessage(Kind::Success, notice.text);
        break;
    case Notice::Tone::Warning:
        showMessage(Kind::Warning, notice.text);
        break;
    case Notice::Tone::Error:
        showMessage(Kind::Error, notice.text);
        break;
    }
}
