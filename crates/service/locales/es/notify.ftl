# Notifications (in the app and by e-mail). Variables: $number (T-0000123), $subject, $priority,
# $due (date and time in the reader's zone), $link, $body (a message's text), $close_at,
# $level (75 or 90), $client, $who.
priority-low = Baja
priority-medium = Media
priority-high = Alta
priority-urgent = Urgente

notice-ticket-received-title = Recibimos su ticket: {$subject}
notice-ticket-received-body =
    Recibimos su consulta y ya está en nuestra cola de atención.

    Número: {$number}
    Prioridad: {$priority}
    Plazo de resolución según su plan: {$due}

    Puede seguirla y responder en {$link}
notice-public-reply-title = Respuesta: {$subject}
notice-public-reply-body =
    {$who} respondió:

    {$body}

    Puede responder a este correo o en {$link}
notice-waiting-on-you-title = Esperamos su respuesta: {$subject}
notice-waiting-on-you-body =
    Para continuar necesitamos su respuesta. Mientras tanto el plazo de resolución queda en pausa.

    {$body}

    Puede responder a este correo o en {$link}
notice-resolved-title = Resuelto: {$subject}
notice-resolved-body =
    Dimos por resuelto su ticket. Si el problema sigue, puede reabrirlo; si está conforme, puede confirmarlo.
    Sin respuesta, se cerrará solo el {$close_at}.

    Confirmar o reabrir: {$link}
notice-closed-title = Cerrado: {$subject}
notice-closed-body =
    Su ticket quedó cerrado. Si necesita algo más, abra un ticket nuevo en {$link}
notice-assigned-title = Se le asignó: {$subject}
notice-assigned-body =
    Cliente: {$client}. Prioridad: {$priority}. Vence: {$due}.

    {$link}
notice-client-replied-title = El cliente respondió: {$subject}
notice-client-replied-body =
    {$who} escribió:

    {$body}

    {$link}
notice-sla-warning-title = Llegó al {$level} % de su plazo: {$subject}
notice-sla-warning-body =
    {$subject} ({$client}, prioridad {$priority}) vence el {$due}.

    {$link}
notice-sla-breach-title = Plazo vencido: {$subject}
notice-sla-breach-body =
    El ticket {$number} de {$client} (prioridad {$priority}) superó su plazo de resolución el {$due} y quedó escalado.

    {$link}
notice-quote-approved-title = El cliente aprobó la cotización: {$subject}
notice-quote-approved-body =
    {$who} ({$client}) aprobó la cotización del ticket {$number}. Ya pueden empezar el trabajo.

    {$body}

    {$link}
notice-quote-rejected-title = El cliente rechazó la cotización: {$subject}
notice-quote-rejected-body =
    {$who} ({$client}) rechazó la cotización del ticket {$number}. El ticket volvió a sus manos: ofrezcan otra cotización, el banco de horas o ciérrenlo.

    {$body}

    {$link}
report-mail-title = Informe de servicio de {$month}: {$client}
report-mail-body =
    Adjuntamos el informe mensual de servicio de {$client} de {$month}.

    Cumplimiento de los plazos de resolución: {$percent} ({$met} en plazo, {$breached} fuera de plazo).
    Tickets abiertos en el mes: {$opened}; resueltos: {$resolved}.

    El informe completo, con el detalle por prioridad, la disponibilidad de cada campus, las copias de seguridad y las horas, está en el PDF y en el portal:
mail-footer =
    --
    Atiende · mesa de ayuda. Elija qué avisos recibe por correo en la página Preferencias.
auto-reply-admins-only =
    Gracias por escribirnos. Esta mesa de ayuda atiende a los administradores del campus de cada institución: su mensaje no abre un ticket. Si es estudiante o docente, consulte a la administración de su campus, que puede escribirnos en su nombre. Un agente revisará igualmente su mensaje.
auto-reply-too-large =
    Su mensaje supera el tamaño máximo que aceptamos y no se procesó. Envíelo de nuevo sin los adjuntos más grandes, o súbalos desde el portal. Un agente verá el aviso igualmente.
