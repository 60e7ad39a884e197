//! Colegio Nuestra Señora del Valle (client 1, Córdoba): a single campus hosted by us, so
//! every story here runs on the built-in plan and on infrastructure we operate.

use domain::{
    Priority::{High, Low, Medium, Urgent},
    scope::ScopeReason,
    ticket::{
        Category::{
            Administrative as Adm, Commercial as Com, Complaint as Rec, Functional as Fun,
            Technical as Tec,
        },
        ScopeKind,
    },
};

use super::{
    DemoTicket,
    Fate::{AutoClose, New, Open},
    SUPERVISOR, closed, resolved, t, waiting,
};

pub(super) fn tickets() -> Vec<DemoTicket> {
    vec![
        t(1, Some(0), Tec, Urgent, "Aula virtual caída: pantalla en blanco al iniciar sesión",
          "Después de iniciar sesión queda la pantalla en blanco. Les pasa a todos los alumnos y docentes.",
          Open, 0.85)
            .to(1).tags(&["caida"])
            .note("Error fatal de PHP en el tema personalizado tras la actualización automática del plugin. Probando con el tema Boost."),
        t(1, Some(0), Fun, Low, "¿Cómo habilitar la mensajería entre alumnos y docentes?",
          "Queremos que los alumnos puedan escribirles a sus docentes por mensajería interna pero no entre ellos.",
          resolved(10.0), 0.15)
            .answer("Les enviamos los pasos para ajustar los permisos de mensajería del rol Estudiante y restringir los contactos a los docentes del curso."),
        t(1, Some(0), Tec, Medium, "El sistema no está enviando emails de recuperación de contraseña",
          "Los alumnos piden recuperar la contraseña y el correo nunca llega.",
          Open, 1.3)
            .to(0).tags(&["correo"])
            .client_msg("Seguimos sin recibir los correos. Hay muchos alumnos sin poder entrar."),
        t(1, Some(0), Adm, Low, "Cambio de contacto de facturación",
          "A partir de este mes las facturas deben enviarse a administracion@colegionsv.example.",
          closed(30.0, 6.0), 0.05)
            .answer("Actualizamos el contacto de facturación."),
        t(1, Some(0), Rec, Medium, "Reclamo por demora en la respuesta del ticket anterior",
          "Queremos dejar constancia de que el problema con los correos lleva más de dos días sin solución.",
          New, 0.2),
        t(1, Some(0), Tec, High, "Los videos de H5P no se reproducen en celulares",
          "Los videos interactivos H5P se ven en computadoras pero en los celulares queda cargando.",
          waiting(20.0), 1.1)
            .to(0).tags(&["h5p"])
            .answer("¿Nos indican un curso y una actividad donde reproducirlo, y el modelo de celular y navegador con el que falla?"),
        t(1, Some(0), Fun, Medium, "No se pueden matricular alumnos con el método de inscripción manual",
          "En el curso de 3.º B no aparece el botón para matricular usuarios.",
          Open, 0.5)
            .to(0).requested(Urgent, "Afecta a un solo curso y hay alternativa (auto-matriculación); no es una interrupción del servicio"),
        t(1, Some(0), Com, Medium, "Desarrollo de un bloque a medida con el boletín de notas",
          "Queremos un bloque en la página principal que muestre el boletín trimestral con el formato del colegio.",
          resolved(30.0), 0.3)
            .to(SUPERVISOR).scope(ScopeKind::OutOfScope, Some(ScopeReason::CustomDevelopment), "Programación a medida: se cotiza aparte")
            .answer("Les enviamos el presupuesto del desarrollo a medida; queda pendiente su aprobación para iniciar."),
        t(1, Some(0), Tec, Low, "Actualizar Moodle 4.1 a 4.5",
          "Nos gustaría actualizar a la última versión antes del inicio del ciclo lectivo.",
          Open, 0.6)
            .to(0).tags(&["actualizacion"])
            .note("El campus cumple 6 meses de servicio: la actualización de versión está incluida. Planificar ventana en receso."),
        t(1, Some(0), Fun, High, "Los alumnos no ven la sección de la semana 5",
          "La sección de la semana 5 está visible para docentes pero los alumnos no la ven.",
          closed(45.0, 2.0), 0.4)
            .to(0)
            .answer("La sección tenía una restricción por grupo que no incluía a todos los cursos. La ajustamos."),
        t(1, Some(0), Tec, Medium, "Error 'Tiempo de espera agotado' al subir archivos grandes",
          "Al subir videos de más de 200 MB aparece un error de tiempo de espera.",
          AutoClose { ago_h: 190.0 }, 0.6)
            .to(1)
            .answer("Ampliamos el límite de subida a 512 MB y el tiempo de espera del servidor web."),
        t(1, Some(0), Adm, Low, "Pedido de informe de uso mensual del campus",
          "El consejo directivo pide un informe mensual de accesos por curso.",
          waiting(48.0), 0.2)
            .to(0)
            .answer("¿Prefieren el informe por curso o por docente? ¿Y en qué formato (PDF o planilla)?"),
        t(1, Some(0), Tec, High, "El calendario muestra las entregas con una hora de diferencia",
          "Las fechas de entrega aparecen una hora antes en el calendario de los alumnos.",
          Open, 0.3)
            .to(1).requested(Medium, "Afecta a todas las entregas de 5.º año").tags(&["zona-horaria"]),
        t(1, Some(0), Rec, Low, "Reclamo por cambio de diseño sin aviso",
          "El campus cambió de diseño de un día para el otro y los docentes no encuentran los menús.",
          resolved(15.0), 1.2)
            .to(SUPERVISOR)
            .answer("Pedimos disculpas: el cambio vino con la actualización y debimos avisarlo. Restauramos el diseño anterior y les proponemos una capacitación breve."),
        t(1, Some(0), Fun, Urgent, "Examen en curso: los alumnos no pueden enviar el cuestionario",
          "En el examen de Biología los alumnos tocan 'Enviar todo y terminar' y vuelve a la primera página.",
          resolved(60.0), 0.4)
            .to(0)
            .answer("El cuestionario tenía el tiempo límite vencido por la zona horaria del curso. Lo corregimos y habilitamos un nuevo intento a los alumnos afectados."),
        t(1, Some(0), Fun, Low, "Capacitación para nuevos docentes sobre el libro de calificaciones",
          "Ingresaron cuatro docentes nuevos. ¿Podemos coordinar una capacitación sobre el libro de calificaciones?",
          waiting(72.0), 0.8)
            .to(0)
            .answer("¿Qué días y horarios les quedan cómodos para una sesión de una hora por videollamada?"),
        t(1, Some(0), Adm, Medium, "Consulta por la fecha de renovación del abono",
          "¿Cuándo vence el abono actual y cómo se renueva?",
          Open, 0.1)
            .to(SUPERVISOR),
        t(1, Some(0), Tec, Urgent, "Error de base de datos al ingresar: 'Error reading from database'",
          "Nadie puede entrar, aparece 'Error reading from database'.",
          closed(80.0, 10.0), 1.25)
            .to(1).tags(&["caida", "base-de-datos"])
            .note("La base se quedó sin conexiones disponibles. Subimos max_connections y agregamos alerta.")
            .answer("La base de datos había alcanzado su límite de conexiones. Ampliamos la capacidad y sumamos una alerta de monitoreo."),
        t(1, Some(0), Fun, High, "Los docentes no pueden editar sus propios cursos",
          "Desde esta mañana los docentes no ven el botón 'Activar edición' en sus cursos.",
          New, 0.3),
    ]
}
