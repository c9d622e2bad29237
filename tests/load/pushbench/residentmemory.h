#pragma once

#include <QtGlobal>

// A process's resident memory as Linux reports it in /proc/<pid>/status.
struct ResidentMemory
{
    qint64 rssKiB = -1;  // VmRSS: what the target counts
    qint64 anonKiB = -1; // RssAnon: heap and stacks, without mapped files

    bool isValid() const { return rssKiB >= 0; }
    static ResidentMemory of(qint64 pid);
};
