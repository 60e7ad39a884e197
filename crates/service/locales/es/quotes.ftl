# The quote e-mail (service::quotes::mail). Variables: $number (T-0000123), $subject, $quote
# (#12), $description, $hours, $amount (with its currency), $valid_until (the client's calendar
# date), $client_zone, $expires (that instant in the reader's zone), $link (the portal ticket).
quote-mail-title = Presupuesto para su aprobación: {$subject}
quote-mail-body =
    Le enviamos un presupuesto ({$quote}) para un trabajo que su abono no incluye.

    Trabajo: {$description}
    Horas estimadas: {$hours}
    Importe: {$amount}
    Válido hasta: {$valid_until} inclusive ({$client_zone}; vence el {$expires})

    El trabajo comienza solo después de su aprobación. Mientras decide, el plazo de resolución del ticket queda en pausa.

    Aprobar o rechazar: {$link}
