# Quotes on tickets (ui::quotes, console and portal blocks). Field labels (quote-field-*) and
# reasons (quote-err-*) are looked up here before the shared tables of errors.ftl.

quote-title = Presupuestos
quote-none = Este ticket no tiene presupuestos.
quote-new = Enviar un presupuesto
quote-form-help = El ticket pasa a «Esperando al cliente» (el plazo de resolución queda en pausa) y los administradores del cliente reciben el presupuesto por correo para aprobarlo o rechazarlo en el portal.
quote-replaces-pending = El presupuesto pendiente será reemplazado (queda retirado).
quote-send = Enviar presupuesto
quote-withdraw = Retirar
quote-included-note = El trabajo de este ticket está incluido en el abono: para presupuestarlo, cambie su alcance a «Fuera del abono» (u «Horas de administración»).
quote-client-reason = Motivo del cliente
quote-amount-help = Importe sin separador de miles, con coma o punto decimal (p. ej. 150000,00).
quote-valid-help = Último día en que el cliente puede aceptarlo; vence al terminar ese día en el huso horario del cliente.
quote-valid-until = Válido hasta el { $date }
quote-valid-until-short = válido hasta { $date }
quote-sent-on = Enviado el { $at }
quote-decided-approved = Aprobado el { $at }
quote-decided-rejected = Rechazado el { $at }
quote-decided-expired = Venció el { $at }
quote-decided-withdrawn = Retirado el { $at }
quote-replaced-by = reemplazado por #{ $id }
quote-replaces = reemplaza a #{ $id }
quote-approved-banner = Presupuesto #{ $id } aprobado por { $who } el { $at }: el trabajo puede comenzar.

quote-state-pending = Pendiente
quote-state-approved = Aprobado
quote-state-rejected = Rechazado
quote-state-expired = Vencido
quote-state-withdrawn = Retirado

quote-field-description = Trabajo
quote-field-hours = Horas estimadas
quote-field-amount-minor = Importe
quote-field-currency = Moneda
quote-field-valid-until = Válido hasta
quote-field-reason = Motivo del rechazo

quote-err-positive = debe ser mayor que cero.
quote-err-currency = «{ $value }» no es un código de moneda ISO 4217 (p. ej. ARS, USD, EUR).
quote-err-past = ese día ya terminó en el huso horario del cliente.
quote-err-too-far = puede estar como máximo { $max } días adelante.
quote-err-included = el trabajo está incluido en el abono: cambie el alcance del ticket antes de presupuestarlo.
quote-err-whole-minutes = debe ser una cantidad exacta de minutos (p. ej. 1,5 o 0,25).
quote-err-number = debe ser un número (p. ej. 12 o 2,5).
quote-err-amount = «{ $value }» no es un importe válido: sin separador de miles (p. ej. 150000,50).

state-quote-not-pending = El presupuesto ya no está pendiente: fue decidido, retirado o venció.
state-quote-expired = El presupuesto venció: pida uno nuevo al soporte.
state-quote-staff-only = El ticket está reservado al equipo: publíquelo al cliente antes de presupuestar.

event-quote-sent = Presupuesto enviado
event-quote-approved = Presupuesto aprobado
event-quote-rejected = Presupuesto rechazado
event-quote-expired = Presupuesto vencido
event-quote-withdrawn = Presupuesto retirado

quote-portal-title = Presupuesto
quote-portal-pending = Le enviamos un presupuesto: el trabajo comienza solo después de su aprobación.
quote-portal-end-of-day = vence al terminar ese día
quote-portal-note = Mientras decide, el plazo de resolución del ticket queda en pausa.
quote-approve = Aprobar presupuesto
quote-reject = Rechazar presupuesto
quote-reject-reason = Motivo del rechazo
quote-optional = opcional
quote-portal-past = Presupuestos anteriores
