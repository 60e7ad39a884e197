portal-send-reopen = Enviar y reabrir
portal-send-only = Enviar
portal-reopen-reason = ¿Qué sigue sin funcionar?
field-status-reason = Motivo
err-reason-required = hace falta un motivo.
err-control-characters = no puede contener caracteres de control.
state-reopen-not-resolved = Solo un ticket resuelto puede reabrirse.
