#pragma once

#include "audittypes.h"
#include "result.h"

#include <QByteArray>

// Turns the body of GET /admin/audit into typed values; a body of the wrong
// shape is a BadResponse error, never a half-filled page.
namespace AuditResponseDecoder {
Result<Api::AuditPage> page(const QByteArray &body);
}
