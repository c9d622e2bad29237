#pragma once

#include <QString>

// What a workflow wants the person at the counter to read, and in which tone.
// Workflows know no widgets; a view shows a Notice in its InlineMessage. An
// empty text means "nothing to say any more": the view clears its message.
struct Notice
{
    enum class Tone
    {
        Info,
        Success,
        Warning,
        Error
    };

    Tone tone = Tone::Info;
    QString text;

    bool isEmpty() const { return text.isEmpty(); }
};
